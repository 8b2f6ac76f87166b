"""A small corpus store for the dashboard's Sources tests: 45 dated documents, every third about
the railway (and quoted for the Karakoram Highway once), the others about trucks."""

from pathlib import Path

from corridors import store


def write_archive(path: Path) -> Path:
    docs = [
        (f"d{i:02d}", f"Report {i}", "Outlet", "", f"2020-{1 + i % 12:02d}-{1 + i // 12:02d}", False, "",
         "The railway to Termez is ready." if i % 3 == 0 else "Trucks crossed at Torkham.", f"h{i}", f"f{i}")
        for i in range(45)
    ]  # fmt: skip
    store.write(path, {"documents": docs, "quotes": [("karakoram", "d03", 4, 11, "railway", None, None, "alias", "")]})
    return path
