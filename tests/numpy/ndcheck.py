"""What the binding's pytest suite (tests/python) and the NumPy conformance
run (tests/numpy) share: the summary line .ci/run counts."""


def summary_line(stats):
    """Check's summary form ("N%: Checks: n, Failures: f, Errors: e"), so
    .ci/run counts pytest's cases as it counts the C suites'."""
    passed = len(stats.get("passed", []))
    failed = len(stats.get("failed", []))
    errors = len(stats.get("error", []))
    total = passed + failed + errors
    pct = 100 * passed // total if total else 100
    return f"{pct}%: Checks: {total}, Failures: {failed}, Errors: {errors}"
