#!/usr/bin/env bash
# Prepare nbgrader's shared exchange for the venous course. Run as root.
#   deploy/jupyterhub/make-exchange.sh EXCHANGE_ROOT INSTRUCTOR [COURSE_ID]
# INSTRUCTOR is a user name, or UID:GID where the host has no account for the instructor
# (a Kubernetes volume prepared from a one-off pod).
# The root is world-writable with the sticky bit (nbgrader requires write access for all;
# the sticky bit stops anyone removing or renaming what others created). The course folder
# belongs to the instructor, so no student can create or replace it. Its three folders are
# made here with nbgrader's modes, owned by the instructor (nbgrader keeps folders it finds):
#   outbound/  0755  everyone reads the released quizzes, only the instructor writes
#   inbound/   3733  students may add a submission but not list the folder; setgid, so each
#                    submission belongs to the instructor's group; sticky (nbgrader leaves it
#                    off), so nobody renames or deletes a classmate's submission
#   feedback/  0711  nobody lists it; each file's name is a secret its student holds
set -euo pipefail
root="${1:?usage: make-exchange.sh EXCHANGE_ROOT INSTRUCTOR [COURSE_ID]}"
instructor="${2:?usage: make-exchange.sh EXCHANGE_ROOT INSTRUCTOR [COURSE_ID]}"
course="${3:-venous-course}"
owner="$instructor:"
if [[ "$instructor" == *:* ]]; then owner="$instructor"; fi
mkdir -p "$root"
chown root:root "$root"
chmod 1777 "$root"
mkdir -p "$root/$course"
chown "$owner" "$root/$course"
chmod 0755 "$root/$course"
for folder in outbound inbound feedback; do
  mkdir -p "$root/$course/$folder"
  chown "$owner" "$root/$course/$folder"
done
chmod 0755 "$root/$course/outbound"
chmod 3733 "$root/$course/inbound"
chmod 0711 "$root/$course/feedback"
