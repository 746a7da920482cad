.PHONY: start test quick ci bench messages
start:
	scripts/start.sh
test:
	scripts/test.sh
# The quick loop: every test but the browser ones, on two workers. (Not --dist loadfile: it runs
# a file's tests after another file's transactional tests, which drop the seeded rules.)
quick:
	.venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser" -n 2
ci:
	bash .ci/run
# Re-extracts the translatable strings into locale/en/…/django.po and lists the untranslated ones.
messages:
	scripts/messages.sh
bench:  ## figures of every key page against a floor, at a tenth of the data and all of it (SCALE=1: national)
	.venv/bin/python bench/render_application_pdf.py
	.venv/bin/python bench/run.py --scale $(or $(SCALE),0.01)
