.PHONY: start test ci bench
start:
	scripts/start.sh
test:
	scripts/test.sh
ci:
	bash .ci/run
bench:
	.venv/bin/python bench/render_application_pdf.py
