#!/usr/bin/env bash
# Create a course account: a unix user with a private home (mode 0700), so no student can
# read another's notebooks or nbgrader cache. Run as root.
#   deploy/jupyterhub/add-user.sh NAME [HOME_BASE]      (HOME_BASE defaults to /home)
# Set the password afterwards (passwd NAME, or chpasswd), or use your site's accounts (LDAP,
# SSO): what matters is that the hub user name is the unix user name.
set -euo pipefail
name="${1:?usage: add-user.sh NAME [HOME_BASE]}"
base="${2:-/home}"
if ! [[ "$name" =~ ^[a-z][a-z0-9_-]{0,31}$ ]]; then
  echo "User name '$name' must be lowercase letters, digits, '_' or '-', starting with a letter." >&2
  exit 1
fi
if id "$name" >/dev/null 2>&1; then
  echo "User '$name' exists already; leaving it as it is." >&2
else
  useradd --create-home --home-dir "$base/$name" --shell /bin/bash -K HOME_MODE=0700 "$name"
fi
chmod 0700 "$(getent passwd "$name" | cut -d: -f6)"
