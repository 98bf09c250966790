"""Shared test data and helpers (not tests): fictional workspaces and reviews."""
