"""What the reports' tests share beyond fixtures: who may read a report, and LibreOffice
reading an ODS document back."""

import subprocess

# (role, of another service, status): a report is for the coordination and the board of its
# own service.
REPORT_READERS = [
    ("admin", False, 200),
    ("coordinator", False, 200),
    ("board", False, 200),
    ("mediator", False, 404),
    ("reception", False, 404),
    ("partner", False, 404),
    ("network_staff", False, 404),
    ("coordinator", True, 404),
]


def ods_as_csv(soffice, source, tmp_path):
    """LibreOffice writes every sheet of ``source`` to its own CSV, « <name>-<sheet>.csv »;
    returns their folder."""
    out = tmp_path / "csv"
    # Every sheet (-1) to its own CSV, raw values in the en-US format (1033): one conversion.
    csv_filter = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1033,false,true,false,false,false,-1"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out
