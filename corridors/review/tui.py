"""``corridors review`` in the terminal (Textual): one queued claim at a time, single keys to decide it,
each decision written to the reviews file at once. The session itself is ``review.session``."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, Static

from corridors.errors import printable
from corridors.model import STATUSES, calendar_date
from corridors.review.session import Session
from corridors.status.queue import Item, Proposal, highlights

STYLE = {"route": "bold underline cyan", "cue": "bold reverse yellow"}


def marked(quote: str, spans: list[tuple[int, int, str]]) -> Text:
    """A sentence with its ``spans`` highlighted (no terminal escapes from a document; offsets kept)."""
    text = Text("".join(c if c.isprintable() else " " for c in quote))
    for start, end, kind in spans:
        text.stylize(STYLE[kind], start, end)
    return text


def document_line(session: Session, doc: str) -> str:
    """The title, outlet and date of the document ``doc``, and its id."""
    s = session.sources[doc]
    return f"{printable(s.title)} · {printable(s.outlet) or 'no outlet'} · {s.date or 'undated'}  ({doc})"


def screen_text(session: Session) -> tuple[Text, Text, Text]:
    """``(progress and document, the sentence, what the answers make of it)`` for the item under review
    (plain text: no markup read from a document)."""
    resting = f"{session.unreviewed()} map statuses still rest on unreviewed readings"
    item = session.item
    if item is None:
        done = f"queue done: {len(session.made)} decisions written to {printable(session.path)}; {resting}"
        return Text(done), Text(""), Text("q: quit")
    head = Text(f"item {session.position + 1} of {len(session.items)}; {resting}\n{document_line(session, item.doc)}")
    if isinstance(item, Proposal):
        places = printable(", ".join(item.places) or "none named")
        outcome = (
            f"candidate corridor {printable(item.phrase)!r} (places: {places}): no route covers it\n"
            "m: make this a route (a stub appended to the route file)    space: skip"
        )
        return head, marked(item.quote, highlights(item.quote, [item.text], None)), Text(outcome)
    shown = session.shown()
    note = f"  note: {session.notes[session.position]}" if session.notes.get(session.position) else ""
    outcome = (
        f"{item.route}: reads {item.status} (confidence {item.confidence:.2f}); on the map now {shown.now}\n"
        f"accept → {shown.on_accept}    reject → {shown.on_reject}{note}"
    )
    return head, marked(item.quote, shown.spans), Text(outcome)


class Choose(ModalScreen[str]):
    """Pick one of ``options`` (Enter), or none (Escape)."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss", "cancel")]

    def __init__(self, title: str, options: list[str]) -> None:
        super().__init__()
        self.title_text, self.options = title, options

    def compose(self) -> ComposeResult:
        yield Static(self.title_text)
        yield OptionList(*self.options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[event.option_index])


class Ask(ModalScreen[str]):
    """A line of text (Enter), or none (Escape); ``date`` asks for an ISO date."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss", "cancel")]

    def __init__(self, title: str, date: bool = False) -> None:
        super().__init__()
        self.title_text, self.date = title, date

    def compose(self) -> ComposeResult:
        yield Static(self.title_text)
        yield Input(placeholder="YYYY, YYYY-MM or YYYY-MM-DD" if self.date else "")
        yield Static("", id="problem")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if self.date:
            try:
                calendar_date(value)
            except ValueError as err:
                self.query_one("#problem", Static).update(str(err))
                return
        self.dismiss(value)


class Queue(Screen):
    """The item under review and the keys that decide it."""

    BINDINGS: ClassVar = [
        Binding("a", "decide('accept')", "accept"),
        Binding("x", "decide('reject')", "reject"),
        Binding("r", "route", "correct route"),
        Binding("s", "status", "correct status"),
        Binding("d", "date", "correct date"),
        Binding("n", "note", "note"),
        Binding("m", "make_route", "make this a route"),
        Binding("space", "skip", "skip"),
        Binding("u", "undo", "undo"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="head")
        yield Static(id="sentence")
        yield Static(id="outcome")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_item()

    def refresh_item(self) -> None:
        for name, content in zip(("head", "sentence", "outcome"), screen_text(self.session), strict=True):
            self.query_one(f"#{name}", Static).update(content)

    def _claim(self) -> Item | None:
        return self.session.item if isinstance(self.session.item, Item) else None

    def _decide(self, decision: str, **changes) -> None:
        if self._claim():
            self.session.decide(decision, **changes)
            self.refresh_item()

    def action_decide(self, decision: str) -> None:
        self._decide(decision)

    def _when_chosen(self, key: str):
        def chosen(value: str | None) -> None:
            if value:
                item = self.session.item
                route = {"corrected_route": item.route} if key != "corrected_route" else {}
                self._decide("correct", **route, **{key: value})

        return chosen

    def action_route(self) -> None:
        if self._claim():
            others = [r.id for r in self.session.built.routes if r.id != self.session.item.route]
            choose = Choose("the route this sentence speaks of:", others)
            self.app.push_screen(choose, self._when_chosen("corrected_route"))

    def action_status(self) -> None:
        if self._claim():
            self.app.push_screen(Choose("the status it states:", list(STATUSES)), self._when_chosen("status"))

    def action_date(self) -> None:
        if self._claim():
            self.app.push_screen(Ask("the date of the event:", date=True), self._when_chosen("event_date"))

    def action_note(self) -> None:
        if self._claim():
            self.app.push_screen(Ask("a note for this decision:"), self._noted)

    def _noted(self, value: str | None) -> None:
        if value:
            self.session.notes[self.session.position] = value
            self.refresh_item()

    def action_make_route(self) -> None:
        if isinstance(self.session.item, Proposal) and self.session.routes_path:
            rid = self.session.make_route()
            self.notify(f"{rid}: a stub appended to {self.session.routes_path}")
            self.refresh_item()

    def action_skip(self) -> None:
        self.session.skip()
        self.refresh_item()

    def action_undo(self) -> None:
        if self.session.undo() is not None:
            self.refresh_item()


class ReviewApp(App):
    """``corridors review``: the queue of a session, one item at a time."""

    TITLE = "corridors review"
    CSS = "#sentence { padding: 1 0; } #head { color: $text-muted; }"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def on_mount(self) -> None:
        self.push_screen(Queue(self.session))
