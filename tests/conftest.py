"""Shared fixtures: a real PostgreSQL server and a store URL per backend (see pg_server.py)."""

from pg_server import pg_server, pg_url, store_url

__all__ = ["pg_server", "pg_url", "store_url"]
