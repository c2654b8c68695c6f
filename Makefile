# crate: `make` builds the jlink image (crate-app/target/crate/bin/crate); see README.
# The build needs JDK 25: Temurin's on this machine kind, found without any JAVA_HOME set
# (the default java here is 17). CRATE_JDK=/path overrides.
CRATE_JDK ?= $(firstword $(wildcard /usr/lib/jvm/temurin-25-jdk-*) $(wildcard /usr/lib/jvm/*-25-*) $(wildcard /usr/lib/jvm/jdk-25*))
ifeq ($(CRATE_JDK),)
$(error no JDK 25 found under /usr/lib/jvm: install one (Temurin 25) or set CRATE_JDK)
endif
export JAVA_HOME := $(CRATE_JDK)
MVN ?= mvn -B -q -Dstyle.color=never
# Test runs keep Surefire's per-class lines and close with one summary line.
MVN_TEST ?= mvn -B -ntp -Dstyle.color=never
IMAGE := crate-app/target/crate

.PHONY: all image test test-unit test-integration lint bench clean fixtures

all: image

image:
	$(MVN) -DskipTests package

fixtures:
	scripts/busybox-rootfs.sh target/fixtures/rootfs

# Unit tests (no root) and integration tests (root, real kernel).
test: fixtures
	rm -rf */target/surefire-reports */target/failsafe-reports; $(MVN_TEST) verify; status=$$?; scripts/test-summary.sh && exit $$status

test-unit:
	rm -rf */target/surefire-reports */target/failsafe-reports; $(MVN_TEST) test; status=$$?; scripts/test-summary.sh && exit $$status

test-integration: fixtures
	rm -rf */target/surefire-reports */target/failsafe-reports; $(MVN_TEST) -Dskip.unit=true verify; status=$$?; scripts/test-summary.sh && exit $$status

lint:
	$(MVN) -Plint -DskipTests clean package

bench: image fixtures
	bench/lifecycle.sh

clean:
	$(MVN) clean
	rm -rf target
