#!/usr/bin/env bash
# Prepare nbgrader's shared exchange for the venous course. Run as root.
#   deploy/jupyterhub/make-exchange.sh EXCHANGE_ROOT INSTRUCTOR [COURSE_ID]
# The root is world-writable with the sticky bit (nbgrader requires write access for all;
# the sticky bit stops anyone removing or renaming what others created). The course folder
# belongs to the instructor, so no student can create or replace it. nbgrader then makes
# inbound/ write-only for students (mode 2733: they cannot list it) and feedback/ 0711.
set -euo pipefail
root="${1:?usage: make-exchange.sh EXCHANGE_ROOT INSTRUCTOR [COURSE_ID]}"
instructor="${2:?usage: make-exchange.sh EXCHANGE_ROOT INSTRUCTOR [COURSE_ID]}"
course="${3:-venous-course}"
mkdir -p "$root"
chown root:root "$root"
chmod 1777 "$root"
mkdir -p "$root/$course"
chown "$instructor": "$root/$course"
chmod 0755 "$root/$course"
