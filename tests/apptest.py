"""Running the dashboard in AppTest, and finding its widgets."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).parent.parent / "dashboard" / "app.py")


def at_link(**params) -> AppTest:
    """The dashboard at ``?key=value…``, not run yet."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at


def opened(**params) -> AppTest:
    """The dashboard opened at ``?key=value…`` as a browser shows it once the map is drawn: the session's
    first run, then the run the map's first report of where it stands starts (on the map, the first run
    leaves the sidebar's filters for that one)."""
    return at_link(**params).run().run()


def labelled(widgets, label: str):
    """The one widget among ``widgets`` (``at.selectbox``, ``at.sidebar.select_slider``…) labelled ``label``:
    for the widgets whose key changes when another changes their value (``context.mirror``)."""
    (widget,) = [w for w in widgets if w.label == label]
    return widget
