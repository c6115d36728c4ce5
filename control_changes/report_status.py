"""How sure one report of a change is, from who says it.

The winner alone (claimed), the loser or an independent source admitting it (confirmed), a
party denying it (denied), fighting inside the place or part of it still held (contested),
anyone else (reported)."""

from __future__ import annotations

from collections.abc import Callable

from control_changes import lexicon as lx
from control_changes.caseless import Caseless
from control_changes.triggers import Trigger

_OUR_RE = Caseless(r"\bour\b")


_INSIDE_FIGHT_RE = Caseless(
    r"(?:fighting|clashes|battles?|gunfire)\s+(?:\w+\s+){0,3}?(?:inside|within|in)\s+"
    r"(?:the\s+)?(?:city|town|centre|center)|street\s+fighting|fighting\s+inside",
    words_first=True,
)


class Cues:
    """What a sentence says about who reports a change, each cue searched for only when
    ``status_of`` gets that far, and then kept for the sentence's other triggers."""

    __slots__ = ("_sentence", "_found")

    def __init__(self, sentence: str):
        self._sentence = sentence
        self._found: dict[str, bool] = {}

    def has(self, cue: str) -> bool:
        """Whether the sentence holds ``cue`` (a key of ``_CUE_TESTS``)."""
        found = self._found.get(cue)
        if found is None:
            found = self._found[cue] = _CUE_TESTS[cue](self._sentence)
        return found


_CLAIM_VERB_RE = Caseless(r"\b(?:claim(?:ed|s|ing)?|tweet(?:ed|s)?)\b", words_first=True)


def _taliban_claims(sentence: str) -> bool:
    """ "Taliban spokesman X in a tweet claimed...": a claim verb shortly after a Taliban actor."""
    for cue in _CLAIM_VERB_RE.finditer(sentence):
        if lx.TALIBAN_ACTOR.search(sentence, max(0, cue.start() - 60), cue.start()):
            return True
    return False


_CUE_TESTS: dict[str, Callable[[str], bool]] = {
    "denied": lambda s: lx.DENY_CUE.search(s) is not None,
    "fighting_inside": lambda s: _INSIDE_FIGHT_RE.search(s) is not None,
    "partly_held": lambda s: lx.PARTLY_HELD.search(s) is not None,
    "confirmed": lambda s: (lx.CONFIRM_CUE.search(s) is not None
                            and lx.NO_CONFIRMATION.search(s) is None),
    "taliban_says": lambda s: lx.TALIBAN_SPEAKER.search(s) is not None or _taliban_claims(s),
    "government_says": lambda s: lx.GOVERNMENT_SPEAKER.search(s) is not None,
}


def status_of(cues: Cues, trigger: Trigger, controller: str, clause: str) -> str:
    """How sure the report is, from who says it (see module docstring)."""
    if cues.has("denied"):
        return "denied"
    if trigger.kind == "contest" or cues.has("fighting_inside"):
        return "contested"
    if controller == "taliban" and cues.has("partly_held"):
        return "contested"
    if cues.has("confirmed"):
        return "confirmed"
    if controller == "taliban":
        if cues.has("taliban_says"):
            return "claimed"
        if cues.has("government_says"):
            return "confirmed"
    elif controller == "government":
        government_says = cues.has("government_says") or bool(_OUR_RE.search(clause))
        taliban_says = cues.has("taliban_says")
        if government_says and not taliban_says:
            return "claimed"
        if taliban_says:
            return "confirmed"
    return "reported"
