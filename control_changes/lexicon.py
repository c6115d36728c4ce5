"""The words news copy uses for actors, changes of control and how sure a report is.

Kept apart from the extractor so the vocabulary can be read, reviewed and extended in one
place. Every pattern is a regular expression fragment matched case-insensitively unless it
says otherwise.
"""

from __future__ import annotations

import re

from control_changes.caseless import Caseless

_I = re.IGNORECASE

# "Anti-Taliban forces" are not the Taliban: the side fighting them is counted with the
# government (after 15 August, the armed resistance).
TALIBAN_ACTOR = Caseless(
    r"\b(?<!anti-)(?<!anti )(?:taliban|taleban|talibs?|insurgents?|insurgency|militants?|"
    r"islamic emirate|iea|jihadists?|rebels?|the group|fighters|militia(?! commanders?))\b"
)
# "Taliban troops", "insurgent forces": a word for soldiers after the Taliban's name is theirs.
GOVERNMENT_ACTOR = Caseless(
    r"\b(?<!taliban )(?<!taliban's )(?<!insurgent )(?<!militant )"
    r"(?:afghan (?:government |security |special |national |army |)"
    r"(?:forces|troops|soldiers|army|commandos|police|military)|"
    r"government(?:'s)? (?:forces|troops|soldiers)|security forces|andsf|ana|anp|"
    r"special forces|commandos|the army|army|troops|(?:defen[cs]e|interior) ministry|"
    r"ministry of (?:defen[cs]e|interior(?: affairs)?)|government|pro-government|"
    r"national army|afghan army|our forces|we|"
    r"anti-taliban (?:forces|fighters|militias?|militiamen|resistance|uprising forces|"
    r"commanders?|groups?)|(?:pro-government|government-backed) (?:militias?|militiamen|"
    r"forces|fighters)|resistance (?:forces|fighters|front)|national resistance front|nrf|"
    r"(?:public )?uprising forces)\b"
)

# Verbs and phrases whose subject takes the place that follows them.
CAPTURE_ACTIVE = (
    r"seiz(?:e|ed|es|ing)(?:\s+(?:(?:full|complete|total|effective)\s+)?control(?:\s+\w+){0,3}?\s+(?:of|over))?|"
    r"captur(?:e|ed|es|ing)(?:\s+control\s+of)?|"
    r"overr(?:an|un|uns|unning)|"
    r"(?:took|take|takes|taken|taking)\s+(?:over\s+|(?:(?:full|complete|total|effective)\s+)?control\s+(?:of|over)\s+)?|"
    r"entered|enter|enters|entering|hand(?:ed|s|ing)(?:\s+over)?|surrender(?:ed|s)?|"
    r"(?<!still\s)(?<!-)control(?:s|led)?(?!\s+(?:of|over|room|the\s+situation))|"
    r"storm(?:ed|s|ing)?|overtook|overtaken|conquer(?:ed|s)?|occupied|"
    r"(?:gained|won|assumed)\s+(?:(?:full|complete|total|effective)\s+)?control\s+(?:of|over)|"
    r"(?:swept|marched|rolled|pushed|fought\s+(?:their|its)\s+way)\s+into|"
    r"rais(?:ed|es|ing|e)\s+(?:\w+\s+){0,3}flags?(?:\s+\S+){0,8}?\s+(?:over|in|on|above|at)|"
    r"(?:are|is|were|was)\s+(?:now\s+)?in\s+(?:(?:full|complete|total)\s+)?control\s+of|"
    r"fl(?:y|ies|ew|own|ying)\s+(?:\w+\s+){0,2}flags?\s+(?:over|in|on|above)|"
    r"claim(?:ed|s|ing)?\s+(?:(?:full|complete|total|effective)\s+)?control\s+(?:of|over)|"
    r"(?:taliban|insurgents?|militants?)(?:['’]s?)?\s+(?:\w+\s+){0,2}?(?:flags?|banners?)\s+"
    r"(?:was|were|is|are|had\s+been|has\s+been|have\s+been)\s+(?:\w+\s+)?"
    r"(?:raised|hoisted|planted|put\s+up|flying|flown|fluttering)\s+(?:over|in|on|above|at)|"
    r"los(?:t|e|es|ing)\s+(?:(?:full|complete|total|effective)\s+)?control\s+(?:of|over)"
)
# Entering a place is not holding it: "entered", "penetrated", "broke into" report fighting
# inside (contested) unless the same sentence says the place was taken.
ENTRY = Caseless(
    r"^(?:enter(?:ed|s|ing)?|penetrat(?:ed|es|ing)|broke\s+into|break(?:s|ing)?\s+into|"
    r"breach(?:ed|es)|storm(?:ed|s|ing)?\s+into|(?:pushed|fought\s+(?:their|its)\s+way)"
    r"\s+into)"
)
# Verbs that mean taking a place only with the insurgents as their subject ("militants had
# swarmed Aybak"); with any other subject they are about water, crowds or roads.
WEAK_CAPTURE = (
    r"flood(?:ed|s|ing)(?:\s+into)?|swarm(?:ed|s|ing)(?:\s+into)?|pour(?:ed|s|ing)\s+into|"
    r"stream(?:ed|s|ing)\s+into|mov(?:ed|es|ing)\s+into|overwhelm(?:ed|s|ing)|claim(?:ed|s)|"
    r"walk(?:ed|s|ing)?\s+into|drove\s+into|rode\s+into|"
    r"penetrat(?:ed|es|ing)|broke\s+into|breach(?:ed|es)|storm(?:ed|s|ing)?\s+into|"
    r"(?<=now\s)holds?\b|(?<=already\s)holds?\b|"
    r"(?:have|has|had)\s+(?:now\s+)?(?:full|complete|total|effective)\s+control\s+(?:of|over)"
)
RECAPTURE_ACTIVE = (
    r"re-?t(?:ook|ake|aken|akes|aking)(?:\s+control\s+of)?|"
    r"recaptur(?:e|ed|es|ing)|regain(?:ed|s|ing)?(?:\s+(?:(?:full|complete|total|effective)\s+)?control\s+(?:of|over))?|"
    r"wrest(?:ed|s|ing)?\s+back(?:\s+control\s+(?:of|over))?|"
    r"(?:took|taken|won|win)\s+back(?:\s+control\s+of)?|reclaim(?:ed|s)?|"
    r"claw(?:ed)?\s+back(?:\s+control\s+(?:of|over))?|"
    r"clear(?:ed|s)?|liberat(?:ed|es)|"
    r"(?:pushed|drove|driven|forced)\s+(?:the\s+)?(?:taliban|insurgents|militants|\w+)?\s*"
    r"out\s+(?:of|from)"
)
# Phrases whose grammatical subject (before them) is the place.
CAPTURE_PASSIVE = (
    r"(?:has|have|had)?\s*(?:fallen|fell|falls|collapsed|fall(?=\s+(?:to|into)\b)|"
    r"(?<=to\s)fall\b)"
    r"(?!\s+(?:silent|back|apart|short|ill|quiet))"
    r"(?:\s+(?:to|into\s+the\s+hands\s+of))?|"
    r"(?:was|were|been)\s+lost\b|"
    r"slipp(?:ed|ing)\s+(?:out\s+of\s+(?:the\s+)?government(?:['’]s)?\s+control|(?:in)?to\s+"
    r"(?:the\s+)?(?:taliban|insurgent|militant)(?:['’]s)?\s+(?:hands|control))|"
    r"(?:was|were|been|being|be|is|are)\s+(?:\w+\s+)?(?:seized|captured|taken(?:\s+over)?|"
    r"overrun|stormed|entered|overtaken|handed\s+(?:over\s+)?to|surrendered(?:\s+to)?|"
    r"(?:controlled|held)\s+by\s+(?:the\s+)?(?:taliban|insurgents|militants))|"
    r"(?:were|was|are|is)\s+(?:now\s+)?in\s+(?:(?:full|complete|total|effective)\s+)?control\b(?!\s+of)|"
    r"(?:is|are|was|were|remains?|remained|now|has\s+been|have\s+been|had\s+been|came|"
    r"comes|fell)\s+(?:now\s+|fully\s+|firmly\s+|reportedly\s+|apparently\s+|already\s+)?"
    r"(?:under\s+(?:the\s+)?(?:(?:full|complete|total|effective)\s+)?"
    r"(?:taliban|insurgent|militant)(?:['’]s)?\s+control|"
    r"under\s+the\s+control\s+of\s+the\s+(?:taliban|insurgents|militants|islamic\s+emirate|"
    r"mujahideen)|"
    r"in\s+(?:the\s+)?(?:taliban|insurgent|militant)(?:s'|'s)?\s+hands|"
    r"in\s+the\s+hands\s+of\s+the\s+(?:taliban|insurgents|militants|islamic\s+emirate))"
)
RECAPTURE_PASSIVE = (
    r"fell\s+back\s+(?:in)?to\s+(?:the\s+)?(?:hands\s+of\s+(?:the\s+)?)?(?:government|afghan\s+"
    r"(?:forces|army|government))(?:['’]s)?(?:\s+(?:hands|control))?|"
    r"(?:was|were|been|being|is|are)\s+(?:\w+\s+)?(?:retaken|recaptured|regained|cleared|"
    r"liberated|taken\s+back|won\s+back|pushed\s+back|pushed\s+out|driven\s+out)|"
    r"(?:is|are|was|were|remains?|remained)\s+(?:(?:now|still|fully|firmly|again)\s+)*"
    r"(?:\(?back\)?\s+)?under\s+"
    r"(?:our|government|the\s+government's|the\s+control\s+of\s+(?:the\s+)?"
    r"(?:government|afghan|security)(?:\s+\w+)?)\s*(?:control)?"
)
NOMINAL = (r"(?:fall|capture|seizure|takeover|take-over|loss|surrender|recapture|retaking|"
           r"reconquest|conquest|overrunning)\s+of")
CONTEST = (
    r"(?:heavy\s+|intense\s+|fierce\s+)?(?:fighting|clashes|battles?|street\s+fighting|gunfights?)"
    r"(?:\s+(?:was|were|is|are|has|have|had|been|continued|continues|continuing|continue|"
    r"raged|raging|rages|rage|erupted|erupts|intensified|intensifies|intensifying|"
    r"broke\s+out|underway|under\s+way|ongoing|for\s+(?:days|weeks|hours)|"
    r"since\s+\w+)){0,4}\s+(?:inside|in|within|for)"
)
# Part of the place still held by the other side: the change is only partial, so contested.
PARTLY_HELD = Caseless(
    r"\b(?:remain(?:s|ed)?|still|is|are|was|were)\s+(?:still\s+)?(?:in\s+|under\s+)"
    r"(?:the\s+)?(?:government|afghan\s+(?:forces|army)|security\s+forces)(?:'s?)?\s*"
    r"(?:control|hands)|\bbut\s+not\s+the\b|\bexcept\s+(?:for\s+)?the\b|"
    r"\b(?:forces|troops|soldiers|police|commandos)\s+(?:were|are|was|is)?\s*still\s+"
    r"(?:holding|hold|held|control(?:led|ling)?|in\s+control\s+of|defending)\b",
    words_first=True,
)

# Foreign forces: what they take, hand over or control is not a change between the sides.
FOREIGN_ACTOR = Caseless(
    r"\b(?:u\.s\.|us|american|nato|coalition|foreign|british|turkish|international|"
    r"allied|marines|pentagon)(?:\s+(?:military|army|forces|troops|soldiers|commanders?|"
    r"officials?))?\s*$"
)

TRIGGER_HINT = Caseless(
    r"\b(?:seiz|captur|recaptur|overr|took|tak|enter|storm|overtook|conquer|occupied|control|swept|marched|"
    r"rolled|pushed|fought|flag|re-?t|regain|wrest|back|reclaim|clear|liberat|fall|fell|"
    r"hands|fight|clash|battl|siege|besieg|encircl|surround|surrender|districts?\b|hand|"
    r"fl(?:y|ew|ies|ying|own)\s|flood|swarm|pour|(?:stream|mov)\w*\s+into|overwhelm|penetrat|"
    r"br(?:oke|eak)\s+into|breach|conquest|claim(?:ed|s)?\s|collaps|(?:walk|drove|rode)\w*\s+into|"
    r"los(?:t|e|es|ing)\s+(?:\w+\s+)?control|lost\b|(?:now|already)\s+holds?\b|held\s+by|"
    r"(?:driven|forced|chased|kicked|thrown|routed)\s+out|slipp)"
)

# Cues that the report is the winner's own claim, the loser's admission, or a denial.
_SPEECH = (r"(?:said|says|say|told|tweeted|announced|stated|claimed|claims|claim|insisted|"
           r"added|posted)")
# A speaker, an optional name or apposition ("spokesman Fawad Aman,"), then a verb of speech.
_NAMED = (r"(?:\s*\([a-z]{2,8}\))?(?:,?\s+(?:[a-z][\w'’-]+|al|bin|ul))?"
          r"(?:\s+(?:[a-z][\w'’-]+|al|bin|ul)){0,3},?")
TALIBAN_SPEAKER = Caseless(
    r"(?:\b(?:taliban|taleban|insurgents?|militants?|the group|zabihullah mujahid|"
    r"mujahid|qari yousuf ahmadi|yousuf ahmadi|suhail shaheen)(?:['’]s)?"
    r"(?:\s+(?:spokes(?:man|person|woman)|official|commander|fighters|leaders?))?"
    r"(?:" + _NAMED + r")?\s+(?:also\s+|later\s+|meanwhile\s+)?" + _SPEECH + r"\b)|"
    r"\ba taliban (?:tweet|statement|video|spokes(?:man|person))\b|"
    r"\baccording to (?:the )?(?:taliban|insurgents|militants)\b"
)
GOVERNMENT_SPEAKER = Caseless(
    r"(?:\b(?:(?:defen[cs]e|interior) ministry|ministry of (?:defen[cs]e|interior)(?: affairs)?|"
    r"the ministry|(?:ministry|government|army|palace|corps) spokes(?:man|person|woman)|"
    r"fawad aman|mirwais stanekzai|tariq arian|ajmal omar shinwari|(?:provincial )?governor|"
    r"the government|afghan officials|government officials)"
    r"(?:" + _NAMED + r")?\s+(?:also\s+|later\s+)?" + _SPEECH + r"\b)|"
    r"\baccording to (?:the )?(?:defen[cs]e|interior) ministry\b",
    words_first=True,
)
CONFIRM_CUE = Caseless(
    r"\b(?:confirm(?:ed|ing|s)?|acknowledg(?:ed|ing|es|e)|conced(?:ed|es|ing)|"
    r"admit(?:ted|s)?|verified)\b",
    words_first=True,
)
NO_CONFIRMATION = Caseless(
    r"\b(?:no|not|without|yet to be|could not be|cannot be|unable to)\b(?:\s+\w+){0,3}\s+"
    r"(?:confirm|confirmation|verif|independently)",
    words_first=True,
)
DENY_CUE = Caseless(
    r"\b(?:den(?:y|ied|ies|ying)|reject(?:ed|s|ing)?|dismiss(?:ed|es|ing)|refut(?:ed|es|ing)|"
    r"rebuff(?:ed)?|false|baseless|untrue)\b",
    words_first=True,
)
# Words between a subject and its verb that make the clause unreal: modal, negated, planned.
IRREALIS = Caseless(
    r"\b(?:could|might|may|would|will|shall|should|must|cannot|can't|won't|wouldn't|"
    r"couldn't|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|didn't|doesn't|don't|not|"
    r"never|no longer|unless|if|whether|threat\w*|attempt\w*|tr(?:y|ied|ies|ying)|"
    r"plan\w*|aim\w*|bid|fail\w*|fear\w*|warn\w*|expect\w*|hop(?:e|ed|es|ing)|"
    r"seek\w*|sought|intend\w*|vow\w*|prepar\w*|poised|set to|about to|bound to|"
    r"likely|unlikely|in danger of|at risk of|ready to|able to|want\w*|order\w* to|"
    r"to|in order to|help(?:ed|s|ing)?)\s*$"
)
HISTORY_CUE = Caseless(r"\b(?:in the 1990s|soviet|mujahideen era|back then|once again)\b",
                       words_first=True)

# Objects that are part of a place: seizing them in X is reported as taking X.
BUILDINGS = (
    r"(?:key\s+|main\s+|all\s+|other\s+)?(?:government\s+)?(?:buildings?|offices?|"
    r"headquarters|compound|prison|jail|palace|checkpoints?|outposts?|police\s+stations?|"
    r"governor'?s?\s+(?:office|compound|residence|house)|seat\s+of\s+the\s+\w+\s+governor|"
    r"centre|center)"
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 0,
    "many": 0, "dozens": 0, "some": 0, "all": -1, "all the": -1, "all of the": -1,
}
