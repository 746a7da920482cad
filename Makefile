.PHONY: start test quick ci constraints bench messages
start:
	scripts/start.sh
test:
	scripts/test.sh
# The quick loop: every test but the browser ones, on two workers. --dist loadfile keeps each file
# on one worker, so data a file builds once (scope="class"/"module" fixtures) is built once, not
# once per worker; the rows a transactional test's flush drops are put back after it (conftest.py:
# on SQLite the whole migrated database, elsewhere the 109 rules). Bytecode is cached even where
# PYTHONDONTWRITEBYTECODE is set: every worker otherwise compiles the project and rewrites every
# test module again.
quick:
	env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m pytest -q -p no:cacheprovider -m "not browser" -n 2 --dist loadfile
ci:
	bash .ci/run
# Writes the versions installed in .venv to constraints.txt, which bootstrap installs from.
constraints:
	{ sed -n '/^#/p' constraints.txt; .venv/bin/pip freeze --exclude-editable 2>/dev/null \
	  | grep -v -i '^plc-platform'; } > constraints.new && mv constraints.new constraints.txt
# Re-extracts the translatable strings into locale/en/…/django.po and lists the untranslated ones.
messages:
	scripts/messages.sh
bench:  ## figures of every key page against a floor, at a tenth of the data and all of it (SCALE=1: national)
	.venv/bin/python bench/render_application_pdf.py
	.venv/bin/python bench/run.py --scale $(or $(SCALE),0.01)
