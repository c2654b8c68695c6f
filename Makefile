# crate: `make` builds the jlink image (crate-app/target/crate/bin/crate); see README.
# The build needs JDK 25: Temurin's on this machine kind, found without any JAVA_HOME set
# (the default java here is 17). CRATE_JDK=/path overrides.
CRATE_JDK ?= $(firstword $(wildcard /usr/lib/jvm/temurin-25-jdk-*) $(wildcard /usr/lib/jvm/*-25-*) $(wildcard /usr/lib/jvm/jdk-25*))
ifeq ($(CRATE_JDK),)
$(error no JDK 25 found under /usr/lib/jvm: install one (Temurin 25) or set CRATE_JDK)
endif
export JAVA_HOME := $(CRATE_JDK)
MVN ?= mvn -B -q -Dstyle.color=never
IMAGE := crate-app/target/crate

.PHONY: all image test test-unit test-integration lint bench clean fixtures

all: image

image:
	$(MVN) -DskipTests package

fixtures:
	scripts/busybox-rootfs.sh target/fixtures/rootfs

# Unit tests (no root) and integration tests (root, real kernel).
test: fixtures
	$(MVN) verify

test-unit:
	$(MVN) test

test-integration: fixtures
	$(MVN) -Dskip.unit=true verify

lint:
	$(MVN) -Plint -DskipTests package

bench: image fixtures
	bench/startup.sh

clean:
	$(MVN) clean
	rm -rf target
