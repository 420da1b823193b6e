"""Sending the notices of the outbox (placeholder until the worker lands)."""


def send_soon(due_at):
    return None
