"""Russian news read the way the English tables read English: sentences (razdel), words and their lemmas
(pymorphy3 with its Russian dictionaries), and tables of general cues over lemmas, so that "подписали",
"подписано" and "подписание" are one cue and "в Карачи", "Карачи" one name.

The cues are matched over a *lemma line*: the sentence's words by lemma, separated by spaces, a verb in the
future tense marked ``FUT:``; every match is mapped back to the characters of the text, so quotes and
offsets stay verbatim."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

from corridors.extract.cues import Claim, Kind, Status, Strength, strongest
from corridors.extract.dates import DateExpr, matched, nearest

_CYRILLIC = re.compile(r"[а-яё]", re.I)


@cache
def _morph():
    import pymorphy3  # 0.15 s to load: only when a Russian text is read

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> tuple[str, bool]:
    """The lemma of ``word`` and whether it is a verb in the future tense. Abbreviations in capitals
    (ТАПИ, ТЭО) and words in other scripts stay as they are, lower-cased."""
    low = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(word) or (word.isupper() and len(word) > 1):
        return low, False
    parse = _morph().parse(word)[0]
    return parse.normal_form.replace("ё", "е"), "futr" in parse.tag


@dataclass(frozen=True)
class Line:
    """A text's words by lemma: ``text`` joined by spaces, and where each word stands in the original."""

    text: str
    starts: tuple[int, ...]  # offset in ``text`` of each word
    spans: tuple[tuple[int, int], ...]  # the word's characters in the original

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The original characters of the words at ``text[start:end]``."""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, max(start, end - 1)) - 1
        return self.spans[first][0], self.spans[last][1]


def lemma_line(text: str) -> Line:
    """The words of ``text`` (razdel's tokens, punctuation kept) by lemma."""
    from razdel import tokenize

    parts, starts, spans, cursor = [], [], [], 0
    for token in tokenize(text):
        word, future = lemma(token.text)
        shown = f"FUT:{word}" if future else word
        parts.append(shown)
        starts.append(cursor)
        spans.append((token.start, token.stop))
        cursor += len(shown) + 1
    return Line(" ".join(parts), tuple(starts), tuple(spans))


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (razdel), as offsets into ``text``."""
    from razdel import sentenize

    return [(start + s.start, start + s.stop) for s in sentenize(text[start:end])]


# -- status cues ---------------------------------------------------------------------------------------------

_W = r"(?:\S+ )"  # any one word of the lemma line
_VEHICLES = (
    r"(?:поезд|состав|рейс|авиарейс|самолет|грузовик|фура|автомобиль|караван|колонна|груз|партия|контейнер"
    r"|судно|паром|газ)"
)
# Rows as in the English table (corridors.extract.cues.STATUS_CUES): most specific first.
STATUS_CUES: list[tuple[Status, Kind, str]] = [
    ("cancelled", "regression", r"отменить|отмениться|отказаться|заморозить|свернуть|аннулировать"),
    (
        "operational",
        "restart",
        r"возобновить|возобновиться|возобновление|восстановить|восстановиться|вновь открыть|вновь открыться"
        r"|перезапустить|перезапуск|возродить|вновь (?:отправиться|пойти|курсировать|заработать)",
    ),
    (
        "suspended",
        "regression",
        r"приостановить|приостановиться|приостановка|прекратить|прекратиться|прекращение|остановить|остановиться"
        r"|закрыть|закрыться|закрытый|закрытие|перекрыть|заблокировать|прервать|прерваться|простаивать",
    ),
    (
        "under_construction",
        "stage",
        rf"строительство {_W}{{0,6}}?(?:FUT:)?(?:начаться|начать|стартовать|вестись|идти|продолжаться)"
        rf"|(?:начаться|начать|стартовать|вестись|идти|продолжаться) {_W}{{0,2}}?строительство"
        r"|строиться|возводиться|укладка|уложить|заложить|закладка|\d+ (?:километр|км) \S+ построить"
        r"|начало строительство|(?:завершить|закончить) строительство (?:\S+ ){0,3}?(?:участок|отрезок|этап|часть)",
    ),
    (
        "operational",
        "stage",
        r"открыть|открыться|открытый|открытие|запустить|запуск|ввести в (?:эксплуатация|строй)|эксплуатироваться"
        r"|курсировать|функционировать|действовать|прибыть|доставить|отправиться|пересечь|приземлиться"
        rf"|(?:совершить|выполнить|выполнять|совершать) {_W}{{0,2}}?(?:рейс|авиарейс|поездка|перевозка)"
        rf"|впервые|(?:первый|регулярный) {_W}{{0,2}}?{_VEHICLES}",
    ),
    (
        "agreed",
        "stage",
        r"подписать|подписание|соглашение|протокол|меморандум|договориться|договоренность|тэо"
        r"|технико-экономический обоснование|дорожный карта|утвердить|ратифицировать",
    ),
    (
        "proposed",
        "stage",
        r"план|планировать|планироваться|намереваться|намерение|предложить|предложение|объявить|предусматривать"
        r"|предполагаться|ожидаться|собираться|намечать|намечаться|готовый|FUT:пойти|FUT:пройти",
    ),
    (
        "potential",
        "stage",
        r"мочь|возможный|возможность|возможно|рассматривать|рассматриваться|перспектива|перспективный|изучать"
        r"|изучаться|потенциальный|потенциал",
    ),
    ("proposed", "stage", r"инициатива|проект"),  # weakest, as in English
]
_CUES = [(s, k, re.compile(rf"(?<![\w:-])(?:FUT:)?(?:{p})(?![\w-])")) for s, k, p in STATUS_CUES]
# A plan or a future before the cue: "планируется запустить", "будет открыт", "намерены возобновить".
_FUTURE = re.compile(
    r"(?:FUT:\S+|планировать|планироваться|намереваться|намерить|намеренный|собираться|ожидаться|предстоять"
    r"|должный|предполагаться|рассчитывать|готовый|если|когда) (?:\S+ ){0,3}$"
)
_MODAL = re.compile(r"(?:мочь|бы) (?:\S+ ){0,2}$")
_NEGATED = re.compile(r"(?:не|нет|ни) (?:еще |пока |уже )?$")
_NEGATED_WITHIN = re.compile(r" (?:не|нет|ни) ")  # "строительство … ещё не началось"
# What an opening verb opened decides its stage, as in English ("запустили строительство").
_OPENING = re.compile(r"(?:FUT:)?(?:открыть|открыться|открытие|запустить|запуск)")
_OPENED: tuple[tuple[Status, Strength, re.Pattern], ...] = (
    ("under_construction", "fact", re.compile(r" (?:\S+ ){0,2}?(?:строительство|работа|укладка)\b")),
    ("agreed", "fact", re.compile(r" (?:\S+ ){0,2}?(?:тэо|исследование|изыскание|обоснование)\b")),
    ("proposed", "plan", re.compile(r" (?:\S+ ){0,2}?(?:переговоры|переговор|консультация|обсуждение|тендер)\b")),
)


def strongest_claim(text: str, reported: str = "") -> Claim | None:
    """The strongest claim of a Russian ``text``, chosen as English claims are
    (``corridors.extract.cues.strongest_claim``)."""
    line = lemma_line(text)
    dates: list[DateExpr] | None = None

    def make(match: re.Match, status: Status, kind: Kind) -> Claim | None:
        nonlocal dates
        dates = find_dates(text, reported) if dates is None else dates
        return _claim(line, match, status, kind, text, dates, reported)

    return strongest(_CUES, line.text, make)


def _claim(
    line: Line, match: re.Match, status: Status, kind: Kind, text: str, dates: list[DateExpr], reported: str
) -> Claim | None:
    before = line.text[max(0, match.start() - 60) : match.start()]
    if _NEGATED.search(before) or _NEGATED_WITHIN.search(match.group(0)):
        return None
    start, end = line.original(*match.span())
    cue = text[start:end]
    event = nearest(dates, start, end)
    target = ""
    if reported and event > reported:
        event, target = "", event
    future = match.group(0).startswith("FUT:") or bool(_FUTURE.search(before))
    if status == "operational" and kind == "stage" and _OPENING.fullmatch(match.group(0)):
        opened = next(((s, strength) for s, strength, p in _OPENED if p.match(line.text, match.end())), None)
        if opened and future:
            return Claim("proposed", "plan", cue, kind, event, target)
        if opened:
            return Claim(opened[0], opened[1], cue, kind, event, target if opened[1] == "plan" else "")
    if status == "potential":
        return Claim(status, "idea", cue, kind, event)
    if _MODAL.search(before):
        return Claim("potential", "idea", cue, kind, event) if kind == "stage" else None
    if status == "proposed" or (status == "agreed" and future):
        return Claim("proposed", "plan", cue, kind, event, target)
    if future:
        if kind == "restart":
            return Claim("suspended", "fact", cue, kind, event)  # "будет возобновлено": stopped now
        return Claim("proposed", "plan", cue, "stage", event, target) if kind == "stage" else None
    return Claim(status, "fact", cue, kind, event)


# -- dates ---------------------------------------------------------------------------------------------------

_MONTH_STEMS = (
    "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр",
)  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(f"{s}[ьяеи]?" if s != "ма" else "ма[йяе]" for s in _MONTH_STEMS) + r")"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
# Rules, most specific first; groups: year, month, day, rel.
DATE_RULES = [
    rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}(?:\s*(?:года|г\.))?",  # 17 июля 2025 года
    rf"\b{_MONTH}\s+{_YEAR}(?:\s*(?:года|г\.))?",  # в декабре 2014 года
    rf"\b(?:с|по|до|к)?\s*{_DAY}\s+{_MONTH}\b(?!\s+(?:19|20)\d\d)",  # с 1 апреля
    rf"\b{_YEAR}\s*(?:году|года|г\.)",  # в 2019 году
    r"\b(?P<rel>прошлом|прошлого|этом|этого|текущем|текущего|следующем|следующего)\s+год[ау]?\b",
]
_DATE_RULES = [re.compile(rule, re.I) for rule in DATE_RULES]
_REL = {"прошл": -1, "эт": 0, "текущ": 0, "следующ": 1}


def find_dates(text: str, reported: str) -> list[DateExpr]:
    """Every date expression of a Russian ``text``, resolved against ``reported`` (ISO, may be partial)."""
    return matched(text, _DATE_RULES, lambda groups: _resolve(groups, reported))


def _resolve(groups: dict, reported: str) -> str:
    year = int(groups["year"]) if groups.get("year") else (int(reported[:4]) if reported[:4].isdigit() else None)
    if groups.get("rel"):
        shift = next(v for k, v in _REL.items() if groups["rel"].lower().startswith(k))
        return f"{year + shift:04d}" if year else ""
    if not year:
        return ""
    if not groups.get("month"):
        return f"{year:04d}"
    month = next(i + 1 for i, s in enumerate(_MONTH_STEMS) if groups["month"].lower().startswith(s))
    if not groups.get("day"):
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{int(groups['day']):02d}" if 1 <= int(groups["day"]) <= 31 else ""
