.PHONY: start test ci bench
start:
	scripts/start.sh
test:
	scripts/test.sh
ci:
	bash .ci/run
bench:  ## figures of every key page against a floor, at a tenth of the data and all of it (SCALE=1: national)
	.venv/bin/python bench/render_application_pdf.py
	.venv/bin/python bench/run.py --scale $(or $(SCALE),0.01)
