"""What every app's verbs share: the refusal they raise, and the way views run them."""

from palabre.core import sensitive


class Refused(Exception):
    """The action is not allowed as asked; ``message`` says why, in French, for the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def act_on(request, form, action) -> tuple[bool, object]:
    """For a valid POSTed ``form``, calls ``action`` with the form's arguments (its
    ``action_kwargs()`` when it has one, else its cleaned data) and answers ``(True, result)``.
    Otherwise, or when the action refuses (the reason then goes on the form, nothing saved),
    answers ``(False, None)``; a form with a ``refused(refusal)`` method is told why (an edit
    form names what someone else changed meanwhile, ``core.concurrency``).
    Once the action is done, a checked free text that seems to hold
    offence or sensitive data adds a warning to the next page (``core.sensitive``)."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    arguments = form.action_kwargs() if hasattr(form, "action_kwargs") else form.cleaned_data
    try:
        result = action(**arguments)
    except Refused as refusal:
        form.add_error(None, refusal.message)
        if hasattr(form, "refused"):
            form.refused(refusal)
        return False, None
    sensitive.warn_after_save(request, form)
    return True, result
