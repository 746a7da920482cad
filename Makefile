.PHONY: start test quick ci bench
start:
	scripts/start.sh
test:
	scripts/test.sh
# The quick loop: every test but the browser ones, two workers, each test file on one worker (its
# module-scoped fixtures are built once).
quick:
	.venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser" -n 2 --dist loadfile
ci:
	bash .ci/run
bench:  ## figures of every key page against a floor, at a tenth of the data and all of it (SCALE=1: national)
	.venv/bin/python bench/render_application_pdf.py
	.venv/bin/python bench/run.py --scale $(or $(SCALE),0.01)
