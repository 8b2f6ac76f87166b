"""The Review view, only where the app may write (``context.review_enabled``): the queue of machine
readings no person decided (``status.queue``, as ``corridors review --list``), one at a time. Accept,
Reject or Skip (keys a, x, space); a decision is saved to the reviews file (``inputs.reviews``),
the outputs the app shows are rebuilt (``output.build.build_outputs``, incremental) and its data
loaded again, so the map shows the change at once."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from context import Context

from corridors import settings
from corridors.inputs.reviews import Review, load_reviews, save_reviews
from corridors.output.build import Built, assemble, build_outputs
from corridors.review.session import decision_on
from corridors.status.queue import Item, queue
from corridors.web.present import STATUS_LABELS, review_item_html

ss = st.session_state


@dataclass(frozen=True)
class Files:
    """What the review reads and writes: the build's inputs, the reviews file and the outputs the app shows."""

    seeds: Path
    routes: Path
    reviews: Path
    geojson: Path
    db: Path

    @classmethod
    def of(cls, ctx: Context) -> Files:
        """The app's files; ``CORRIDORS_SEEDS``, ``CORRIDORS_ROUTES`` and ``CORRIDORS_REVIEWS`` set other inputs."""
        env = os.environ.get
        seeds, routes = env("CORRIDORS_SEEDS") or settings.SEEDS_DIR, env("CORRIDORS_ROUTES") or settings.ROUTES_PATH
        reviews = env("CORRIDORS_REVIEWS") or settings.REVIEWS_PATH
        return cls(Path(seeds), Path(routes), Path(reviews), ctx.geojson, ctx.db)

    def built(self, reviews: Path | None = None) -> Built:
        """The build of the inputs, with the decisions in ``reviews`` (default: the reviews file); writes nothing."""
        return assemble(self.seeds, self.routes, store_path=self.db, reviews=reviews or self.reviews)


@st.cache_resource(show_spinner=False)
def current_build(files: Files) -> Built:
    """The build as the reviews file has it now (cleared with the app's data after each decision)."""
    return files.built()


def decision(item: Item, built: Built, verdict: str) -> Review:
    """The analyst's ``verdict`` (accept | reject) on ``item``, dated today."""
    body = next(s.body for s in built.sources if s.id == item.doc)
    return decision_on(item, body, verdict, dt.date.today().isoformat())


def status_after(files: Files, built: Built, review: Review) -> str:
    """The status of ``review``'s route on the map were ``review`` saved, by the build's own rules."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "reviews.yaml"
        save_reviews([*load_reviews(files.reviews), review], trial)
        features = files.built(trial).collection["features"]
    return next(f["properties"]["status"] for f in features if f["id"] == review.route)


@st.cache_data(show_spinner=False, max_entries=64)
def outcomes(files: Files, item_id: str, _built: Built) -> dict[str, str]:
    """What the route's map status becomes on accept and on reject of the item ``item_id``."""
    item = next(i for i in queue(_built.collection["features"]) if i.id == item_id)
    return {v: status_after(files, _built, decision(item, _built, v)) for v in ("accept", "reject")}


def decide(files: Files, item: Item, built: Built, verdict: str) -> None:
    """Save the decision, rebuild the outputs the app shows, and have the app load them again."""
    save_reviews([*load_reviews(files.reviews), decision(item, built, verdict)], files.reviews)
    collection, _ = build_outputs(files.seeds, files.routes, files.geojson, files.db, reviews=files.reviews)
    st.cache_resource.clear()
    st.cache_data.clear()
    now = next(f["properties"] for f in collection["features"] if f["id"] == item.route)
    ss.review_done = (verdict, item.route, now["name"], item.route_status, now["status"])


def show(ctx: Context) -> None:
    files = Files.of(ctx)
    built = current_build(files)
    skipped = ss.setdefault("review_skipped", set())
    items = queue(built.collection["features"])
    left = [i for i in items if i.id not in skipped]
    show_last_decision()
    auto = sum(f["properties"].get("status_basis") == "auto" for f in ctx.features.values())
    st.caption(
        f"{len(items)} reading{'' if len(items) == 1 else 's'} to review · {len(skipped)} skipped · "
        f"{auto} map status{'' if auto == 1 else 'es'} rest{'s' if auto == 1 else ''} on a machine reading alone · "
        f"decisions go to {files.reviews.name}"
    )
    if not left:
        st.success("Nothing left to review." if not items else "Every reading left was skipped.")
        if skipped:
            st.button("Show the skipped readings again", on_click=skipped.clear)
        return
    item = left[0]
    st.subheader(f"Reading {len(skipped) + 1} of {len(items)}")
    feature = next(f["properties"] for f in built.collection["features"] if f["id"] == item.route)
    source = next(s for s in built.sources if s.id == item.doc)
    st.html(review_item_html(item, feature, source, outcomes(files, item.id, built)))
    accept, reject, skip = st.columns(3)
    args = (files, item, built)
    accept.button("Accept", on_click=decide, args=(*args, "accept"), shortcut="A", type="primary", width="stretch")
    reject.button("Reject", on_click=decide, args=(*args, "reject"), shortcut="X", width="stretch")
    skip.button("Skip", on_click=skipped.add, args=(item.id,), shortcut="Space", width="stretch")


def show_last_decision() -> None:
    """What the last decision did to the map, with a way to see it there."""
    if not ss.get("review_done"):
        return
    verdict, route, name, before, after = ss.review_done
    change = (f"is now {STATUS_LABELS[after]} on the map (was {STATUS_LABELS[before]})" if after != before
              else f"stays {STATUS_LABELS[after]} on the map")  # fmt: skip
    done = "Accepted" if verdict == "accept" else "Rejected"
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.success(f"{done}: {name} {change}.")
    right.button("See it on the map", on_click=lambda: ss.update(selection=route, page="Map", review_done=None))
