"""What django-axes writes about a login attempt in the log lines (``AXES_CLIENT_STR_CALLABLE``).

Axes would name the e-mail typed and the address of the computer; a log line is read by whoever
runs the server and kept by its log rotation, out of reach of the retention rules. It gets a
pseudonym instead: the same account and address give the same one, so repeated failures can be
followed, and it cannot be turned back into an e-mail without the instance's secret key.
"""

from django.utils.crypto import salted_hmac


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    pseudonym = salted_hmac(
        "palabre.privacy.logins", f"{username}\x1f{ip_address}", algorithm="sha256"
    ).hexdigest()
    if isinstance(path_info, list | tuple):
        path_info = path_info[0] if path_info else ""
    return f"{{tentative: {pseudonym[:16]}, path_info: {path_info}}}"
