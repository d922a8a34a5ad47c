#!/bin/sh
# Install Debian packages for the build: apt-get as root, or through sudo.
# Used by the Makefile when a package the build needs is missing.
set -e
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "$@"
