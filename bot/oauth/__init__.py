"""Installs (issue 15): what installing, uninstalling and revoking do to a workspace's records."""
