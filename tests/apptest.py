"""Finding the dashboard's widgets in an AppTest run."""


def labelled(widgets, label: str):
    """The one widget among ``widgets`` (``at.selectbox``, ``at.sidebar.select_slider``…) labelled ``label``:
    for the widgets whose key changes when another changes their value (``context.mirror``)."""
    (widget,) = [w for w in widgets if w.label == label]
    return widget
