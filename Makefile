# Packaging targets.  The tests and checks are scripts/run-tests.sh, not make.
PYTHON ?= .venv/bin/python
DIST ?= dist
BUILD ?= build

.PHONY: package bundle selftest clean-package

## The Linux bundle (dist/fieldkit/) and dist/fieldkit-<version>-linux-x86_64.tar.gz
package:
	$(PYTHON) packaging/build.py --dist $(DIST) --work $(BUILD)

## The bundle folder only, without the tarball
bundle:
	$(PYTHON) packaging/build.py --dist $(DIST) --work $(BUILD) --no-tarball

## Run the built bundle's self-test as a laptop without a display would
selftest:
	env -u DISPLAY -u WAYLAND_DISPLAY $(DIST)/fieldkit/fieldkit-app --self-test

clean-package:
	rm -rf $(BUILD) $(DIST)/fieldkit $(DIST)/fieldkit-*-linux-x86_64.tar.gz $(DIST)/bundle-size.txt
