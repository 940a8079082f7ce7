"""Curated patterns for the crisis gate (see :mod:`reframer.crisis.gate`).

Everything here runs on *normalised* text (:func:`reframer.crisis.normalize`): lower case,
straight quotes, apostrophes dropped ("don't" -> "dont", "i'm" -> "im"), hyphens turned into
spaces, whitespace collapsed and common chat spellings expanded ("kms" -> "kill myself",
"wanna" -> "want to"). Patterns are written for that form.

Most rules are phrased so that the words themselves say the writer means their own death or
harm ("kill myself", "end my life", "better off without me"). A few *weak* rules match topic
words ("self harm", "suicidal thoughts", "death as a way out") that are just as common in
talk about media or prevention work, so they are dropped in such a context
(:data:`TOPIC_CONTEXT`). Every rule except the ``burden`` and ``goodbye`` kinds is also dropped
when the nearest subject before the match is someone else ("she said she'd been thinking
about ending it"). And all hits are dropped when the sentence clearly talks about a past that
is over (:data:`PAST_RESOLVED`), unless it also says the feeling is back or present
(:data:`PRESENT_MARKERS`).

The rules were tuned on ``data/seeds/crisis.jsonl`` and ``data/seeds/crisis_adjacent.jsonl``.
They are a safety net with high precision, not a complete list: wording they have not seen
is the job of the learned crisis score (see :meth:`reframer.crisis.CrisisGate.sentence_is_crisis`).
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

__all__ = [
    "FIRST_PERSON",
    "IDIOM_GUARDS",
    "PAST_RESOLVED",
    "PRESENT_MARKERS",
    "REWRITES",
    "RULES",
    "SUBJECT_FREE_KINDS",
    "THIRD_PERSON",
    "TOPIC_CONTEXT",
    "Rule",
]


class Rule(NamedTuple):
    """One curated pattern. ``weak`` rules are dropped in media / prevention contexts. Rules are
    also dropped when the nearest subject before the match is another person ("she said she'd
    been thinking about ending it"), except ``subject_free`` ones and the kinds in
    :data:`SUBJECT_FREE_KINDS`."""

    kind: str
    pattern: re.Pattern[str]
    weak: bool = False
    subject_free: bool = False


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# --------------------------------------------------------------------------------------------
# Normalisation: (pattern, replacement), applied in order after lowercasing and dropping
# apostrophes. Each entry rewrites a chat spelling or a common typo into one canonical form.
# --------------------------------------------------------------------------------------------
REWRITES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\bw/o\b", "without"),
        (r"(?<=\w)-(?=\w)", " "),  # self-harm -> self harm, die-for -> die for
        (r"\bselfharm", "self harm"),
        (r"\bkms\b", "kill myself"),  # "kill myself"
        (r"\bkys\b", "kill yourself"),  # aimed at someone else: never a self-hit
        (r"\bctb\b", "end my life"),
        (r"\bbe unalive\b", "be dead"),
        (r"\bunaliv(?:e|ed)\s+(?:myself|me)\b", "kill myself"),
        (r"\bunaliving\s+(?:myself|me)\b", "killing myself"),
        (r"\b(to|want to|wanna|going to|gonna)\s+unalive\b", r"\1 kill myself"),
        (r"\bunaliv(?:ed|e)\b", "killed"),
        (r"\bunaliving\b", "killing"),
        (r"\bwan+a\b|\bwnna\b|\bwant ta\b", "want to"),
        (r"\bgon+a\b|\bfinna\b", "going to"),
        (r"\btryna\b", "trying to"),
        (r"\b(?:wnat|wamt|wnt|wan)\b", "want"),
        (r"\b(?:myslef|mysefl|mysef|meself|my self)\b", "myself"),
        (r"\bkil\b", "kill"),
        (r"\b(?:sucide|suicde|suiside|sucicide|suicied|suiside|sucide|suicid)\b", "suicide"),
        (r"\b(?:suicidle|sucidal|suicidel|suisidal|suicidial|sucicidal|suicdal)\b", "suicidal"),
        (r"\b(?:dissapear|disapear|dissappear)", "disappear"),
        (r"\b(?:tomorow|tmrw|tmr|2morrow)\b", "tomorrow"),
        (r"\bdieing\b", "dying"),
        (r"\b(kill|end|dy|think|cutt)in\b", r"\1ing"),
        (r"\b2\b(?=\s+(?:die|be|live|kill|end|wake)\b)", "to"),
        (r"\babt\b", "about"),
        (r"\bppl\b", "people"),
        (r"\brn\b", "right now"),
        (r"\bu\b", "you"),
        (r"\bur\b", "your"),
        (r"\b(?:bc|cuz|coz)\b", "because"),
        (r"\b(?:pls|plz)\b", "please"),
        (r"\bidk\b", "i dont know"),
        (r"\bidc\b", "i dont care"),
        (r"\bcan ?not\b", "cant"),
        (r"\bdo not\b", "dont"),
        (r"\bdid not\b", "didnt"),
        (r"\bwill not\b", "wont"),
        (r"\bwould not\b", "wouldnt"),
        (r"\bi am\b", "im"),
        # "sh" (self-harm) and "si" (suicidal ideation) only where the context is clear
        (r"\b(on|from|of|my|no|to|the)\s+sh\b", r"\1 self harm"),
        (
            r"\bsh\b(?=\s+(?:urges?|again|relapse|scars?|cuts?|is|has|thoughts?|today)\b)",
            "self harm",
        ),
        (r"\b(passive|active|my|the)\s+si\b", r"\1 suicidal ideation"),
        (r"^si\b(?=\s+(?:is|has|again|today|bad|thoughts|urges)\b)", "suicidal ideation"),
        (r"\b(to|want to|going to|will|ll|might)\s+od\b", r"\1 overdose"),
    )
)

# --------------------------------------------------------------------------------------------
# Shared fragments
# --------------------------------------------------------------------------------------------
# not right after a negation ("i dont want to die")
_NOT = r"(?<!dont )(?<!didnt )(?<!never )(?<!not )(?<!no )(?<!havent )(?<!hasnt )"
_WANT = (
    r"(?:want|wanted|wanting|wish|wishing|hope|hoping|ready|need|deserve|pray|praying"
    r"|longing|rather|planning|plan|decided|trying|tempted|urge)"
)
_FOREVER = r"(?:forever|for good|permanently|for ever|for real this time|once and for all)"
_BODY = r"(?:arms?|wrists?|thighs?|legs?|skin|stomach|body|hips?)"
# "gone" as in dead, not "gone on holiday" / "gone for a week" ("gone for good" stays)
_GONE = (
    r"gone\b(?!\s+(?:on|to|from|at|by|when|during|over|this|next|all|already|before|away"
    r"|for (?!good|ever))\b)"
)
# "live / living / life" as in being alive, not "living in Berlin" or "life skills"
_ALIVE_END = (
    r"(?!\s+(?:in|with|at|near|alone|together|like that|on|off|out|paycheck|somewhere|anywhere"
    r"|here|there|abroad|skills|admin|goals|hacks|coach|insurance|lessons|costs?|situation)\b)"
)
# Embarrassment hyperbole: "I was so embarrassed I wanted to die"
_EMBARRASSED = r"\b(?:embarrass\w*|mortif\w*|cringe\w*|humiliat\w*)\b"


def _unless(guard: str, pattern: str) -> re.Pattern[str]:
    """Compile *pattern*, but never match a sentence in which *guard* occurs. The match
    itself is the group ``hit`` (the subject check looks at the words before it)."""
    return re.compile(r"^(?!.*" + guard + r").*?(?P<hit>" + pattern + r")")


# --------------------------------------------------------------------------------------------
# Rules, grouped by kind
# --------------------------------------------------------------------------------------------
RULES: Final[tuple[Rule, ...]] = (
    # ---- active ideation: explicit intent to kill oneself ---------------------------------
    Rule(
        "active_ideation",
        _rx(
            r"\b(?:kill|killing|killed|end|ending|off|offing|hang|hanging|drown|drowning"
            r"|shoot|shooting)\s+myself\b"
            r"(?!\s+(?:laughing|trying|working|studying|over|at (?:the|work)|in the foot|with work"
            r"|for (?:this|that|work)|to (?:finish|get|make|meet))\b)"
        ),
    ),
    Rule(
        "active_ideation",
        _rx(
            r"\b(?:end|ending|ended|take|taking|took)\s+(?:my own|my)\s+life\b|"
            r"\b(?:i|im|ive|id|me)\b.{0,40}\bdie by suicide\b"
        ),
    ),
    Rule(
        "active_ideation",
        _rx(
            r"\b(?:commit|committing|attempt|attempting|consider|considering|contemplat\w*"
            r"|think|thinking|thought|thoughts|planning|plan|decided|go through with)"
            r"\s+(?:\w+\s+){0,2}?(?:about\s+|of\s+|on\s+)?suicide\b|"
            r"\bsuicide\s+(?:is|keeps?|seems|sounds|feels)\b.{0,30}"
            r"\b(?:mind|answer|option|only|way out|like)\b|"
            r"\b(?:my|planning my)\s+suicide\b(?!\s+attempt)|"
            r"\battempted\b.{0,40}\b(?:trying|try|do it) again\b"
        ),
    ),
    Rule(
        "active_ideation",
        _rx(
            r"\b(?:end|ending)\s+(?:it all|everything)\b|"
            r"\b(?:want|going|ready|decided|need|plan\w*|just)\s+(?:to\s+)?(?:\w+\s+)?"
            r"end\s+(?:it|things|this|everything)\b(?!\s+(?:with|off|here|early|there)\b)|"
            r"\b(?:im|ill|i will)\s+(?:\w+\s+)?ending\s+(?:it|things)\b(?!\s+with)|"
            r"\bending it\s*$|\bthoughts of ending\b|\b(?:unless|if|until)\s+i\s+end\s+it\b|"
            r"\bend(?:ing)? (?:things|it) " + _FOREVER + r"|"
            r"\bending it (?:this time|tonight|soon|now)\b|\bgo through with ending it\b"
        ),
    ),
    # ---- self-reported suicidal state (weak: the word is also used about others) -------------
    Rule(
        "passive_ideation",
        _rx(
            r"(?:^|\b(?:i|im|ive|am|feel|feeling|felt|been|getting)\b)(?:\s+\w+){0,3}?\s+"
            r"(?<!not )(?<!never )(?<!no longer )(?<!wasnt )(?<!isnt )(?<!arent )suicidal\b"
            r"|^suicidal\b|\bsuicidal\s+(?:thoughts?|ideation|urges?|feelings?|again)\b"
        ),
        weak=True,
    ),
    # ---- passive ideation: wishing to be dead, not to wake up ---------------------------------
    Rule(
        "passive_ideation",
        _unless(
            _EMBARRASSED,
            _NOT + r"\b" + _WANT + r"\s+(?:\w+\s+){0,2}?(?:to\s+)?(?:just\s+)?"
            r"(?:die\b(?!\s+(?:than|of|laughing|a little|inside|for (?:a|some|this|that)\b)\b)"
            r"|dying\b(?!\s+(?:to|for|of|over|inside|my|her|his|the|it)\b)|be dead"
            r"|not (?:be )?alive|not exist|not be here|cease to (?:exist|be))\b|"
            + _NOT
            + r"\b(?:want|wanted)\s+to\s+die\b(?!\s+(?:of|laughing|than|a little|inside)\b)",
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"(?:\bi|\bim\b[^.]{0,40}\band)\s+(?:\w+\s+)?should (?:just )?"
            r"(?:die|be dead|not be alive|not exist)\b(?!\s+(?:of|laughing)\b)|"
            r"\bbetter off dead\b|\bif i live or die\b|\bhad enough of (?:life|living"
            r"|being alive)\b|"
            r"\bwant to be gone\s*(?:$|[.!,])|"
            r"\bfeel(?:ing)? like (?:dying|killing myself|ending it)\b(?!\s+(?:my|her|his|the"
            r"|it)\b)"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\bwish(?:ing)?\s+(?:\w+\s+){0,2}?(?:i|id)\s+(?:was|were|had|could)?\s*"
            r"(?:\w+\s+)?(?:dead|died|never been born|never woken|not alive|" + _GONE + r")"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\b(?:dont|didnt|not|never|no longer)\s+(?:\w+\s+){0,2}?(?:want to|wish to)\s+"
            r"(?:live|be alive|exist|be here|wake up|keep living|go on living)\b"
            + _ALIVE_END
            + r"(?!\s+(?:early|for|so early|before)\b)"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\b(?:not|never|didnt|dont|wouldnt|wont)\s+(?:\w+\s+){0,2}?wak(?:e|ing) up\b"
            r"(?!\s+(?:early|at|for|before|in time|on time|the|my|him|her|them|until|till|when)\b)|"
            r"\b(?:go to|fall) (?:sleep|asleep) and (?:not|never|stay asleep)\b|"
            r"\b(?:sleep|rest) forever\b(?!\s+(?:this|after|on|until|tomorrow|today|lol|weekend)\b)"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\b(?:tired|done|sick)\s+(?:of|with)\s+(?:being alive|living|existing|life|surviving"
            r"|staying alive|waking up|breathing)\b" + _ALIVE_END + r"|"
            r"\b(?:living|life|alive|existing)\b.{0,40}\bready to be done with it\b"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\bwhy (?:am i|im) (?:even |still )*(?:alive|here)\s*(?:$|\?|\.)|"
            r"\bdont know why im (?:even |still )*alive\b|"
            r"\bwhy (?:keep|go on|bother) (?:living|going on|being alive|staying alive)\b"
            + _ALIVE_END
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\b(?:hope|hoping|hopes|pray|praying|wish)\b.{0,40}\b(?:hits? me|kills? me|run me over"
            r"|takes? me|plane (?:goes down|crashes)|crash(?!\s+(?:course|pad|at|with|on (?:the|a"
            r"|my)"
            r" (?:couch|sofa|floor|bed))\b)"
            r"|dont recover|heart (?:\w+ )?stops?)\b"
            r"(?!\s+(?:for being|for not|for forgetting|if)\b)|"
            r"\b(?:hit|hits|kill|killed|kills|ran me over)\b.{0,60}\b(?:wouldnt|not|wont)\s+"
            r"(?:\w+\s+)?(?:mind|care|be sad)\b|"
            r"\b(?:wouldnt|not|wont) (?:\w+ )?(?:mind|care|be sad) if (?:i|my life)\b.{0,30}"
            r"\b(?:died|dead|didnt wake|never woke|ended|hit)\b"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\b(?:death|dying|being dead)\s+(?:sounds|feels|seems|would be|is)\s+(?:\w+\s+){0,2}?"
            r"(?:peaceful|relief|rest|escape|only|nice|easier|better|vacation|break|gift|mercy"
            r"|release|sweet|good|appealing|tempting)\b|"
            r"\b(?:thought|idea) of (?:being dead|dying|death|not existing)\b.{0,40}"
            r"\b(?:calm|comfort|sooth|relie|only thing|peace)|"
            r"\b(?:think|thinking|thought|fantasi[sz]\w*|dream\w*)\s+(?:\w+\s+){0,2}?about\s+"
            r"(?:being dead|dying|my (?:own )?death|death)\b(?!\s+(?:of|in the (?:book|show))\b)"
            r"(?=.{0,60}\b(?:more|lately|again|every|all|cant stop|want|constantly|comfort"
            r"|wanting)\b"
            r"|(?<=\bcant stop thinking about dying))"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\b(?:life|living|my life)\s+(?:is\s+)?(?:isnt|not|aint)\s+worth\s+(?:living|it)\b|"
            r"\bnot worth living\b|\bdidnt want to live to see\b|\bwouldnt have to be here\b|"
            r"\b(?:envy|jealous of)\s+(?:people|those)\s+who\s+(?:died|are dead|got out)\b|"
            r"\bhaving to keep (?:on )?living\b|"
            r"\b(?:dont|cant) (?:see|imagine|picture)\b.{0,40}\b(?:alive|being here)\b|"
            # found by blind judges in round 11 (no rule matched them)
            r"\b(?:take|takes|taking|took|bring|brings|lead|leads) me to my end\b(?!\s+of\b)|"
            r"\bno fight left in me\b|\bi (?:have|ve got|got) no fight left\b|"
            r"\b(?:im|i am|ive been|i have been|i keep|i just keep)\b.{0,25}\bdestroying myself\b|"
            r"\b(?:may|might|will|wont) not (?:exist|be alive) (?:tomorrow|much longer)\b|"
            r"\bwont (?:exist|be alive) (?:tomorrow|much longer)\b|\bdancing with death\b"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\b(?:disappointed|let down)\b.{0,10}\b(?:that )?i (?:\w+ )?(?:woke up|did|survived"
            r"|am still alive|was still alive)\b|\bwoke up\b.{0,40}\b(?:disappointed|let down) "
            r"(?:that )?i did\b|"
            r"\b(?:relief|relieved|mercy|nice|blessing|peaceful"
            r"|kinder)\b.{0,30}\b(?:to (?:just )?not"
            r" (?:be |being )?alive|to (?:just )?not exist\w*(?!\s+(?:on|in)\b)|not be here"
            r"|(?:my life|it all) "
            r"(?:just )?ended)\b|\bwelcome (?:death|dying)\b|"
            r"\b(?:being alive|existing|life itself)\s+(?:feels|is)\s+like\s+(?:a\s+)?(?:sentence"
            r"|punishment|prison|torture|curse)\b|"
            r"\blook(?:ing)? forward to (?:is )?(?:dying|death|being dead|not being alive)\b"
            r"(?!\s+(?:my|her|his|the|it)\b)|"
            r"\b(?:daydream\w*|fantasi[sz]\w*|dream\w*)\s+about\s+(?:my (?:own )?(?:death|funeral)"
            r"|dying|being dead)\b|"
            r"\bhop\w*\b.{0,30}\b(?:brakes fail|(?:truck|car|bus|train) (?:doesnt|wont) stop)\b|"
            r"\bhop\w*\b.{0,15}\bi (?:just )?(?:dont|wont|never) (?:make it|survive|wake)\b|"
            r"\bwish\w*\b.{0,30}\bstop being\b(?!\s+(?:so|a|an|the|such|mean|late|lazy)\b)|"
            r"\bjust not be (?:anymore|at all)\b"
        ),
    ),
    Rule(
        "passive_ideation",
        _rx(r"\b(?:death|dying|suicide)\b.{0,25}\b(?:way out|escape|exit|solution)\b"),
        weak=True,
    ),
    Rule(
        "passive_ideation",
        _rx(
            r"\blet me (?:just )?die\b|\bwant to rot\b|"
            r"\b(?:want|wish|wanna|ready|long)\b.{0,20}\b(?:six feet under|in the ground"
            r"|in a coffin"
            r"|in my grave)\b|"
            r"\bdont care (?:if|whether) i (?:live|die|wake up|make it)\b|"
            r"\bcant (?:bear|stand|handle|take) (?:being alive|living|existing)\b"
            + _ALIVE_END
            + r"|"
            r"\b(?:picturing|imagining|daydream\w*|fantasi[sz]\w*)\b.{0,10}\bmy (?:own )?(?:death"
            r"|funeral)\b|"
            r"\bdont want to be (?:on|in) this (?:earth|world|planet)\b|"
            r"\bif i (?:got|get) (?:hit|killed|run over)\b.{0,40}\b(?:relieved|relief|wouldnt mind"
            r"|grateful|glad)\b"
        ),
    ),
    # ---- burden: others would be better off -------------------------------------------------
    Rule(
        "burden",
        _rx(
            r"\b(?:be|been|are|is|off)\s+better\s+(?:off\s+)?without\s+me\b"
            r"|\bbetter off without me\b|"
            r"\bbetter (?:place|world|lives?|future) without me\b|"
            r"\bbetter\s+off\s+(?:if|when)\s+i\s+(?:was|were|wasnt|werent|didnt|died|am|just|never)"
            r"|\b(?:better off|happier|easier|relieved|free|kinder|better)\b.{0,40}"
            r"\b(?:if|when|with)\s+(?:i|me)\s+(?:\w+\s+)?(?:died|dead|" + _GONE + r"|didnt exist"
            r"|stopped existing|wasnt (?:alive|around|here)|werent (?:alive|around|here)|ended it)|"
            r"\bwithout me (?:around )?" + _FOREVER + r"|"
            r"\b(?:would|d|will)\s+(?:\w+\s+){0,3}?(?:happier|easier|better|faster|lighter|freer)"
            r"\s+without me\b|\bhappier without me\b|"
            r"\b(?:better|happier|easier|lighter)\b.{0,40}\bwithout (?:having )?me (?:around|here)\b"
        ),
    ),
    Rule(
        "burden",
        _rx(
            r"\b(?:nobody|no one|noone|who)\s+(?:would|will|wd)\s+(?:even\s+)?"
            r"(?:miss|notice|care|come)\b.{0,40}"
            r"\b(?:(?:if|when) i (?:\w+ )?(?:died|was gone|were gone|was dead|were dead|disappeared"
            r"|killed myself|wasnt (?:here|around)|vanished|stopped existing)|im gone|i died"
            r"|my funeral|dead)\b|"
            r"\b(?:miss|notice|care)\b.{0,30}\bif i (?:was|were) (?:dead|" + _GONE + r")|"
            r"\bno one would come to my funeral\b|\bwould miss me if i\b"
        ),
    ),
    Rule(
        "burden",
        _rx(
            r"\bburden\b.{0,50}\b(?:gone|alive|die|dead|exist|be here|living|remove myself)\b|"
            r"\b(?:doing everyone a favou?r|world doesnt need me|my existence is a burden"
            r"|(?:selfish|unfair) (?:of me )?to keep living|deserves? to live)\b|"
            r"\b(?:if|when) i (?:was|were) (?:dead|" + _GONE + r")|\bif i died\b|"
            r"\bif i (?:wasnt|werent) alive\b|\bif i (?:wasnt|werent) (?:around|here) anymore\b|"
            r"\binsurance\b.{0,60}\b(?:than|instead of)\s+(?:with\s+)?(?:i|me)\b|"
            r"\bout of the picture " + _FOREVER + r"|\bi should not be alive\b"
            r"|\bshould(?:nt| not) be alive\b"
        ),
    ),
    Rule(
        "burden",
        _rx(
            r"\bburden\b.{0,60}\bbetter off\b|\bbetter off\b.{0,40}\bburden\b|"
            r"\bif i (?:just|ever|simply) died\b|"
            r"\bnot (?:a single|one) (?:person|soul)\s+(?:would|will)\s+(?:even\s+)?(?:care|miss"
            r"|notice)"
            r"\b.{0,40}\b(?:dead|died|gone)\b"
        ),
    ),
    Rule(
        "burden",
        _rx(
            r"\b(?:being alive|my existence|me existing|me being alive)\b.{0,20}\bburden\b|"
            r"\bhappier at my funeral\b|\bthan (?:they are |theyd be )?with me alive\b"
        ),
    ),
    # ---- goodbye / farewell shapes --------------------------------------------------------------
    Rule(
        "goodbye",
        _rx(
            r"\bif (?:you|youre|anyone|someone) (?:is |are |re )?(?:reading|finds?|found) this\b"
            r".{0,40}\b(?:gone|dead|sorry|too late|not here|wont be)\b|"
            r"\b(?:whoever|anyone who) finds? this\b.{0,20}\bsorry\b|"
            r"\bby the time (?:you|anyone|someone)\b.{0,40}\b(?:gone|dead|wont be|too late)\b|"
            r"\bwhen you read this\b.{0,20}\b(?:gone|dead|wont be)\b"
        ),
    ),
    Rule(
        "goodbye",
        _rx(
            r"\b(?:after|when|once|for when)\s+im\s+" + _GONE + r"|"
            r"\bwont be (?:here|around|alive)\b.{0,12}\b(?:tomorrow|much longer|by|to see|anymore"
            r"|for (?:it|long)|next)\b(?!.{0,30}\b(?:holiday|vacation|trip|away|travel|flight"
            r"|at (?:my|the|work)|visiting|working|busy|office))"
        ),
    ),
    Rule(
        "goodbye",
        _rx(
            r"(?:\b(?:my|this is (?:my|the)|this will be (?:my|the)|heres my)\s+(?:very\s+)?|^)"
            r"(?:last|final)\s+(?:journal\s+)?(?:entry|post|message|letter|goodbyes?|words)\b"
            r"(?!.{0,60}\b(?:new (?:one|notebook|journal|account)|from \w+|moving|starting|this"
            r" notebook|for now|before the|of the (?:trip|year|day)|until|flying)\b)|"
            r"\bill ever (?:write|post|say)\b|\blast time anyone\b|"
            r"\b(?:this is|tonight is) my last night\b|\bthis is where it ends\b"
        ),
    ),
    Rule(
        "goodbye",
        _rx(
            r"\b(?:goodbye|farewell|bye)\b(?:\s*,)?\s+(?:cruel\s+)?world\b|"
            r"\bthis is (?:my )?goodbye\b(?!\s+to)|"
            r"\bgoodbye\b.{0,40}\b(?:forever|for good|sorry|forgive|wasnt enough|i love you"
            r"|thank you for (?:trying|everything))\b|"
            r"\bsay goodbye\b.{0,30}\b(?:while i (?:still )?can|before i go|for the last time"
            r"|thank you for trying)\b|\bsaying goodbye while i still can\b"
        ),
    ),
    Rule(
        "goodbye",
        _rx(
            r"\bsorry for what im (?:about|going) to do\b|\bknows? why i did (?:it|this)\b|"
            r"\b(?:leaving|leave) (?:you all |everyone |you )?like this\b|\bdont look for me\b|"
            r"\bforgive me for leaving\b|\bplease (?:dont )?forgive me\b|"
            r"\b(?:please )?dont blame (?:yourself|yourselves) for (?:this|what|my)\b|"
            r"\btell (?:my|them|him|her)\b.{0,30}\b(?:wasnt|isnt|not) (?:your|his|her|their"
            r"|anyones)"
            r" fault\b|\bnone of this is your fault\b.{0,40}\bgoodbye\b|"
            r"\bcant stay any longer\b|"
            r"\b(?:wrote|write|writing|written|left|leaving)\s+(?:my|a)\s+suicide (?:note"
            r"|letter)\b|"
            r"\bmy (?:suicide|goodbye) (?:note|letter)\b"
        ),
    ),
    Rule(
        "goodbye",
        _rx(
            r"\b(?:giv\w*|gave|given)\s+away\b.{0,60}\bwont (?:be )?need|"
            r"\bwont (?:be )?need\w* (?:it|them|any of (?:it|this|them))\b.{0,20}"
            r"\b(?:anymore|where im going|after)\b|\bwhere im going\b|"
            r"\b(?:hear|hug|see)\w*\b.{0,30}\b(?:one last time|for the last time)\b|"
            r"\bbecause its the last time i\b|"
            r"\b(?:letters|notes) to everyone\b.{0,30}\b(?:tonight|its time|goodbye)\b|"
            r"\bwriting letters to the people i love\b.{0,60}\border\b|"
            r"\bill (?:finally )?be (?:at peace|free)\b(?!\s+(?:of|from|to|after|on|this|next"
            r"|when)\b)"
            r"(?=.{0,40}(?:goodbye|$))|\b(?:dont|do not) be sad(?: for me)?\b.{0,30}\bat peace\b"
        ),
    ),
    Rule(
        "goodbye",
        _rx(
            r"\b(?:couldnt|cant) hold on (?:any longer|anymore)\b|"
            r"\b(?:left|leaving|wrote|writing)\s+(?:a|my)\s+(?:\w+\s+)?(?:note|letter)\b.{0,60}"
            r"\b(?:find (?:it |them )?after|after im gone|when im gone)\b|"
            r"\b(?:said|saying|say) (?:all )?my goodbyes\b(?!\s+(?:at|to (?:the|my old|our))\b)|"
            r"\bsorry\b.{0,40}\bcouldnt (?:do (?:it|this)|keep going|go on|take (?:it|this)"
            r"|hold on)\b|"
            r"\bleav\w* this world\b(?!\s+(?:a|better)\b)|"
            r"\bsorry (?:that )?it (?:had to )?end\w* (?:like this|this way)\b(?!.{0,20}\bwith\b)|"
            r"\bto my (?:family|parents|kids|children|wife|husband|mom|mum|dad|friends)\b.{0,40}"
            r"\b(?:not your fault|never your fault|forgive me|goodbye|im (?:so )?sorry)\b|"
            r"\b(?:everyone|the people|those) im leaving behind\b|"
            r"\bplease remember (?:me|the good (?:parts|things) (?:of|about) me)\b"
        ),
    ),
    Rule(
        "goodbye",
        _rx(
            r"\b(?:letters?|notes?)\b.{0,50}\bfor after\s*(?:$|[.!,])|"
            r"\b(?:not going to|wont) be (?:here|around|alive) (?:after|past|by) (?:monday|tuesday"
            r"|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|this week|the weekend"
            r"|next week)\b(?!.{0,40}\b(?:moving|move|trip|vacation|holiday|travel|flight"
            r"|leaving for))"
        ),
    ),
    # ---- plans and means -----------------------------------------------------------------------
    Rule(
        "plan_means",
        _rx(
            r"\b(?:saving|saved|stockpil\w*|hoard\w*|collecting|stash\w*)\s+(?:up\s+)?(?:all\s+)?"
            r"(?:my\s+|the\s+)?(?:\w+\s+)?(?:pills|meds|medications?|tablets)\b"
            r"(?!\s+(?:from|at|for (?:the|my|our) (?:trip|week|holiday|vacation))\b)|"
            r"\bcount\w* (?:my|the) pills\b(?!.{0,30}\b(?:for the|trip|week|organi[sz]er))|"
            r"\benough pills\b|\bpills saved\b|\bhow many pills\b|\blethal dose|"
            r"\btake (?:all|every one) of (?:them|my pills|the pills)\b|"
            r"\b(?:take|swallow) all (?:of )?(?:my|the) (?:\w+ )?pills\b"
            r"|\ball (?:of )?them at once\b|"
            r"\b(?:took|swallowed|taken|downed)\s+(?:a (?:bunch|handful|bottle|whole bottle|lot) of"
            r"|all (?:of )?my|all the|too many|every one of my)\s+(?:\w+\s+)?(?:pills|meds"
            r"|tablets)\b|\b(?:pills|meds)\b.{0,30}\bto end it\b|"
            r"\b(?:to|about|of|thinking|going to|want to|will|ll|could|might|planning to)\s+"
            r"overdos\w*"
        ),
    ),
    Rule(
        "plan_means",
        _rx(
            r"\b(?:pills|gun|rope|blade)\b.{0,40}\bfor (?:when|the day) (?:i|im)\b|"
            r"\bfor when i (?:do it|decide|am ready|im ready|go through with it)\b|"
            r"\bfor the day i decide\b|\bwhen and how\b|\bthe method and the date\b|"
            r"\ba plan and (?:i have )?the means\b|"
            r"\b(?:planning|planned|know|decided) how (?:ill|im going to|i will) do it\b|"
            r"\b(?:rope|blade|razor)\b.{0,40}\b(?:not for|isnt for)\b|\bnoose\b|"
            r"\b(?:ways?|how)\s+to\s+(?:kill myself|die|end (?:my life|it|things)"
            r"|commit suicide)\b|"
            r"\b(?:painless|quick|easy)\s+ways?\s+to\b|\bhow to end it\b"
        ),
    ),
    Rule(
        "plan_means",
        _rx(
            r"\b(?:jump|jumping|jumped|leap\w*|throw\w* myself)\s+(?:off|from|in front of|into"
            r"|onto)"
            r"\s+(?:a|the|my|this|that)?\s*(?:\w+\s+)?(?:bridge|roof|building|balcony|train|bus"
            r"|traffic|cliff|overpass|ledge|window|tracks|parking garage)\b"
            r"(?!.{0,30}\b(?:into the (?:water|lake|river|sea|pool)))|"
            r"\b(?:step\w*|walk\w*|lie|lying)\s+(?:down\s+)?in front of (?:a|the) (?:train|bus|car"
            r"|truck)\b|\bwalk\w* into (?:the )?traffic\b|"
            r"\b(?:think\w*|thought|considering)\s+(?:about|of)\s+jumping\b(?!\s+(?:in|into|on|rope"
            r"|jacks|ship|at|the gun)\b)|\bim thinking about jumping\b|"
            r"\bwalk into the (?:ocean|sea|river|lake)\b.{0,30}\b(?:keep going|never"
            r"|not come back)|"
            r"\b(?:step\w*|jump\w*)\b.{0,30}\bwhen the train\b|"
            r"\b(?:thought|thinking|think) about stepping in front\b|"
            r"\b(?:which|the tallest|the highest)\s+(?:bridge|building|parking garage|roof|cliff)\b"
            r".{0,30}\b(?:i (?:would|d|could) use|to jump|near me)\b|\bhow high (?:up )?it is\b"
        ),
    ),
    Rule(
        "plan_means",
        _rx(
            r"\bdrive (?:my car |the car )?(?:into|off) (?:a|the) (?:wall|tree|cliff|bridge|river"
            r"|lake)\b|\bswerv\w* into (?:oncoming )?traffic\b|\bcrash (?:my|the) car on purpose\b|"
            r"\bgun\b.{0,60}\b(?:on myself|to my head|in my mouth)\b|\busing (?:it"
            r"|them) on myself\b|"
            r"\b(?:picked|set|chose|chosen|choose)\s+(?:a|the)\s+date\b(?!\s+for (?!my death))"
        ),
    ),
    Rule(
        "plan_means",
        _rx(r"\bkeeps? (?:his|the|a|her) gun\b.{0,40}\b(?:i|ive|im)\b.{0,10}\bthinking\b"),
        subject_free=True,
    ),
    Rule(
        "plan_means",
        _rx(
            r"\b(?:the|a) (?:rope|noose|pills|gun|blade)\b.{0,15}\b(?:is |are )?ready\b|"
            r"\b(?:pills|rope|gun|blade)\b.{0,40}\btonight(?:s| is) the night\b|"
            r"\beverything (?:is )?ready\b.{0,40}\b(?:be alone|to be empty|house empty|no one"
            r"|nobody)\b|"
            r"\bthinking about driving off\b|\boff (?:the|a) (?:cliff|bridge|edge)\b(?=.{0,20}"
            r"\b(?:on purpose|into|and)\b)|"
            r"\b(?:turn\w*|yank\w*|jerk\w*|swerv\w*)\s+the wheel\s+into\b|"
            r"\b(?:lined up|laid out|lining up|counted out) (?:all )?(?:my |the )?(?:pills|meds"
            r"|tablets)\b(?!.{0,20}\bfor the week\b)|\b(?:pills|meds|tablets) (?:all )?lined up\b"
        ),
    ),
    Rule(
        "plan_means",
        _rx(
            r"\b(?:take|swallow|taking|swallowing)\s+(?:every (?:last )?pill|the whole bottle"
            r"|a whole bottle|all the pills|everything in the (?:medicine )?cabinet)\b|"
            r"\bedge of the (?:platform|roof|bridge|cliff|balcony)\b.{0,40}\b(?:lean\w*|step\w*"
            r"|jump\w*|fall\w*)\b"
        ),
    ),
    # ---- self-harm -------------------------------------------------------------------------------
    Rule("self_harm", _rx(r"\bself (?:harm|harming|harmed|injur\w*)\b|\bsh urges\b"), weak=True),
    Rule(
        "self_harm",
        _rx(
            r"\b(?:hurt|hurting|harm|harming)\s+myself\b(?!\s+(?:at|during|while|playing|lifting"
            r"|running|skiing|falling|in (?:the|a) (?:gym|game|match|fall|accident)|by accident"
            r"|accidentally)\b)"
        ),
    ),
    Rule(
        "self_harm",
        _rx(
            r"\b(?:cut|cutting|burn|burned|burnt|burning|bit|bite|biting)\s+myself\b"
            r"(?!.{0,40}\b(?:shaving|cooking|chopping|slicing|peeling|kitchen|dishes|by accident"
            r"|accidentally|on (?:a|the|some)\b|with the (?:knife|scissors|mandoline)|while|opening"
            r"|making))"
        ),
    ),
    Rule(
        "self_harm",
        _rx(  # starving oneself, meant: "I have to starve to death to be skinny", "starve myself"
            r"(?<!dont )(?<!not )(?<!never )(?<!didnt )\bstarv\w*\s+myself\b|"
            r"\b(?:have to|has to|need to|needs to|should|must|going to|gonna|want to|will|ill)"
            r"\s+(?:just\s+|really\s+)?starve\b(?!\s+(?:if|unless|before)\b)"
        ),
    ),
    Rule(
        "self_harm",
        _rx(
            r"\b(?:i|myself)\b.{0,40}\b(?:burn|cut|hurt|hit|bit|bruis|bleed|scratch|punch|slam|bang"
            r"|carv|slic|starv)\w*\b.{0,40}\b(?:on purpose|deliberately|intentionally|as (?:a )?"
            r"punishment|because i deserved? it)\b"
        ),
    ),
    Rule(
        "self_harm",
        _rx(
            r"\b(?:slit\w*|slash\w*|cut|sliced?|carv\w*)\s+(?:into\s+)?my\s+(?:wrists?|skin"
            r"|thighs?)\b|"
            r"\bcarv\w* (?:a \w+ |words? )?into my skin\b|"
            r"\b(?:punch|hit|scratch|bang|slam|bit|bite|claw)\w*\s+(?:myself|my\s+"
            + _BODY
            + r"|my head|my face|the wall)\b.{0,40}\b(?:until|till)\b.{0,30}"
            r"\b(?:bled|bleed|bleeding|bruis\w*)|"
            r"\b(?:hit|punch\w*|slap\w*|scratch\w*)\s+myself\b.{0,40}"
            r"\b(?:bruis\w*|bled|bleed|blood|until|till|so hard)\b|"
            r"\b(?:slam|bang)\w* my head (?:against|into|on) the wall\b|"
            r"\b(?:punish|punishing) my body\b|\b(?:make|made) myself bleed\b"
        ),
    ),
    Rule(
        "self_harm",
        _rx(
            r"\b(?:want|need|urge|urges|tempted|going|craving|itching|miss)\s+(?:to\s+)?"
            r"(?:cut|cutting|bleed)\b(?=\s*(?:$|[.,!]|\s(?:again|so|right now|tonight|badly|bad"
            r"|myself|my\s+" + _BODY + r")))|"
            r"\b(?:cut|cuts|cutting)\b.{0,20}\b(?:again|deeper|relapse\w*)\b|"
            r"\brelapse\w*\b.{0,30}\b(?:cut|cutting|self harm)\b|"
            r"\b(?:keep|kept|been|started|start)\s+cutting\b(?!\s+(?:the|my (?:hair|nails)|back"
            r"|down"
            r"|out|it|corners|class|coupons|carbs|sugar|wood|onions|\w+ing)\b)|"
            r"\b(?:cutting|the blade|a blade|blade is)\b.{0,40}\b(?:only thing|helps|feel anything"
            r"|pencil case|cope)\b|\bcutting (?:is|helps)\b|"
            r"\b(?:cuts|scars) on my " + _BODY + r"\b|\bnew scars\b|\bcovered in (?:fresh )?cuts\b|"
            r"\bclean from cutting\b|\bhiding the cuts\b|\bso no one sees my wrists\b|"
            r"\bsharpener apart\b|\brazor on my " + _BODY + r"\b|\bi need a blade\b"
        ),
    ),
    Rule(
        "self_harm",
        _rx(
            r"\b(?:blade|razor|knife|lighter|scissors)\b.{0,40}\bused it on (?:myself|my "
            + _BODY
            + r")\b|\b(?:scratch\w*|punch\w*|hit\w*|bang\w*|claw\w*)\b.{0,20}\b(?:until|till) i "
            r"(?:bleed|bled|bruise)\b|\bcarv\w* (?:\w+ )?into my (?:skin|" + _BODY + r")\b"
        ),
    ),
    Rule(
        "self_harm",
        _rx(
            r"\bburn\w* (?:myself|my (?:skin|" + _BODY + r")) with (?:a|the) (?:lighter|cigarette"
            r"|match|iron|hot)\b(?!.{0,30}\b(?:by accident|accidentally))|"
            r"\bburn\w* my skin\b(?!.{0,30}\b(?:sun|sunburn|tanning|beach|accident\w*))"
        ),
    ),
    # ---- wanting it all to stop forever ------------------------------------------------------
    Rule(
        "stop_forever",
        _rx(
            r"\b(?:it|it all|everything|all of it|all of this|this|the pain|things|the whole thing"
            r"|my life|the noise in my head)\s+(?:to\s+)?(?:just\s+)?(?:stop|end|be over|go (?:dark"
            r"|quiet|silent))\b.{0,30}" + _FOREVER + r"|"
            r"\b(?:want|need|ready|wish)\b.{0,20}\b(?:my life|it all|life)\s+to\s+(?:be\s+)?"
            r"(?:over|end)\b|\bready for it all to end\b|\bi need it to be over\b|"
            r"\b(?:life|living)\b.{0,40}\bwant it (?:all )?to (?:be )?(?:\w+ )?(?:over|end)\b|"
            r"\b(?:stop|stopped|cease|ceased|quit)\s+(?:to\s+)?(?:existing|exist|being alive"
            r"|breathing)\b(?!\s+(?:through|for a|in|on|as|like)\b)|\bcease to be\b|"
            r"\b(?:want|wanna|wish\w*|ready)\b.{0,30}\bstop (?:living|being)\b(?!\s+(?:paycheck|in"
            r"|with"
            r"|like|a|so)\b)|\bover, me included\b|"
            r"\bdone with (?:everything|it all|life|living)\s+" + _FOREVER + r"|"
            r"\bget off (?:this|the) ride\b.{0,10}" + _FOREVER + r"|"
            r"\b(?:want|wish|hope|hoping|pray\w*)\b.{0,20}\bheart (?:to |would |will "
            r"|just )*stops?\b|"
            r"\bat peace (?:permanently|forever)\b"
        ),
    ),
    Rule(
        "stop_forever",
        _rx(
            r"\b(?:disappear\w*|vanish\w*|fade\w*|be gone|check out|log off|switch myself off"
            r"|leave this (?:life|world))\b.{0,30}(?:" + _FOREVER + r"|\bnever (?:be found|come"
            r" back))|\bpermanently (?:log off|check out|disappear)\b|"
            r"\bpermanent (?:one|exit|escape|solution|sleep|rest|way out)\b|"
            r"\bleave this world\b(?!\s+(?:a|better)\b)|\bgo dark and stay dark\b|"
            r"\bnot (?:be )?here " + _FOREVER + r"|\bwant out\b.{0,40}\bout of life\b|"
            r"\bwant (?:to get )?out of (?:this )?life\b|"
            r"\b(?:life|living|existence)\b.{0,40}\bi (?:just )?want out\b|"
            r"\b(?:only (?:one )?way out|only one way i can think of)\b|"
            r"\bway out\b.{0,25}\b(?:except|but|besides|other than)\s+(?:one|dying|death|suicide"
            r"|to die|ending it)\b|\bstopped breathing\b|\bnever feel anything ever again\b|"
            r"\bfree from all of this " + _FOREVER + r"|\bstop fighting " + _FOREVER
        ),
    ),
    Rule(
        "stop_forever",
        _rx(
            r"\bready to go\b(?!\s+(?:to|home|out|back|on|for a)\b)(?=.{0,15}" + _FOREVER + r")|"
            r"\bdone (?:with )?breathing\b|"
            r"\b(?:end|over|stop)\b.{0,30}\b(?:including me|me too|me included|myself included)\b|"
            r"\blet(?:ting)? go of (?:life|living|this life|being alive)\b|"
            r"\b(?:erase|delete|remove|wipe|scrub)\s+myself\s+(?:from|out of)\s+(?:existence|the"
            r" world|this world|the earth|the planet)\b|"
            r"\bgo (?:quiet|silent|dark)\b.{0,20}" + _FOREVER
        ),
    ),
    # ---- hopelessness that ends in not living ------------------------------------------------
    Rule(
        "hopeless_ending",
        _rx(
            r"\b(?:no|nothing|not a|not any|not one|zero|any|the)\s+(?:\w+\s+){0,2}?"
            r"(?:reason|reasons|point|purpose)\s+(?:\w+\s+){0,2}?(?:to |in |of |for )?"
            r"(?:live|living|go on|going on|keep (?:going|living|on)|stay(?:ing)? alive|be alive"
            r"|being alive|surviv\w*)\b" + _ALIVE_END + r"|"
            r"\b(?:no|out of|lost (?:all )?(?:my )?|cant find (?:a |any )?|dont have (?:a |any )?"
            r"|zero|without (?:a|any))\s*reasons? (?:left )?to (?:stay alive|keep living|live"
            r"|be alive|go on|keep going)\b" + _ALIVE_END
        ),
    ),
    Rule(
        "hopeless_ending",
        _rx(
            r"\b(?:nothing|no one|nobody|nothin|anything|anyone)\s+(?:left\s+)?to\s+live\s+for\b"
            r"(?!.{0,20}\b(?:except|but|besides|other than))|"
            r"\b(?:given up|give up|giving up|gave up)\b.{0,20}\bon (?:life|living)\b"
            + _ALIVE_END
            + r"|\bdone (?:trying to (?:survive|stay alive)|staying alive|surviving|being alive)\b|"
            r"\bdone with (?:life|living|being alive)\b"
            + _ALIVE_END
            + r"|\bim done fighting\b|\bim done living\b|\bout of fight\b|\bwill to live\b"
        ),
    ),
    Rule(
        "hopeless_ending",
        _rx(
            r"\bcant\s+(?:go on|keep living|keep on living)\b(?!\s+(?:the|a|an|my|this|that|with"
            r"|holiday|vacation|trips?|rides?|stage|tour|about|dates?|social|line|online|air|break"
            r"|leave|strike|for|to)\b)(?!.{0,15}\b(?:with (?:the|my|this|our)"
            r"|in this (?:apartment|house|town)))|"
            r"\bcant (?:go on|live) like this\b(?!.{0,15}\bwith\b)|"
            r"\b(?:not|never) (?:going to )?(?:make it|be (?:here|around|alive))\b.{0,10}"
            r"\b(?:to (?:\d+|thirty|forty)(?!\s+(?:days|minutes|hours|weeks|laps|reps|pages"
            r"|percent)\b)"
            r"|much longer|by (?:summer|spring|winter|fall|next))\b|"
            r"\bwont be (?:alive|here|around) (?:much longer|by)\b|"
            r"\b(?:survive|make it through) this year\b.{0,40}\b(?:stopped caring|dont care"
            r"|dont want)\b|\bi dont have a future\b|\bsee no future for me\b|"
            r"\blife will never get better\b.{0,40}\bend it\b|"
            r"\bonly way (?:this|it) ends is if i end it\b|\bno hope left\b.{0,30}\bdone\b"
        ),
    ),
    Rule(
        "hopeless_ending",
        _rx(
            r"\bsurvive another (?:\w+ )?(?:day|week|month|year|night)\b.{0,40}\bdont (?:even )?"
            r"want to\b|\bnothing (?:is |left )?worth (?:living|staying alive|being alive"
            r"|surviving)"
            r"(?: for)?\b|\bnothing left for me\b.{0,30}\bready to go\b|"
            r"\bnothing left for me in this (?:world|life)\b"
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# Context guards
# --------------------------------------------------------------------------------------------
# Topic context in which weak topic words are about media, study or prevention work.
TOPIC_CONTEXT: Final = _rx(
    r"\b(?:prevention|awareness|training|documentary|podcast|book|novel|article|class|episode"
    r"|research|thesis|hotline|lifeline|volunteer\w*|counsel+or|screening|warning signs|film"
    r"|movie|song|album|character|show|story|memoir|video|play|lecture|youtuber|support group"
    r"|assembly|course|qpr|nurse|patients?|crisis (?:line|center|text))\b"
)
# A past that is over ("two years ago I was suicidal, today I'm doing well").
PAST_RESOLVED: Final = _rx(
    r"\b(?:\w+ (?:years?|months?) ago|used to|back in (?:college|school|high school|\d+)"
    r"|back then|when i was (?:\d+|a (?:kid|teen\w*)|little|younger)|as a (?:teen\w*|kid)"
    r"|in (?:high school|college)|remember when|looking back|old (?:journals?|diary|scars)"
    r"|no longer|havent (?:had|self harmed|cut)|clean for|(?:years?|days?|months?) clean"
    r"|clean from \w+ today|grateful i didnt|glad i didnt|glad (?:im|to be) (?:still )?(?:here"
    r"|alive)"
    r"|doing (?:so )?well|thriving|in recovery from \w+|my recovery|in remission"
    r"|this time last year|(?:therapy|meds|medication|treatment|support) (?:really )?helped"
    r"|got (?:help|better)|im (?:okay|ok|better|fine|safe) now)\b"
)
# Signs that a past crisis is back or present; they cancel PAST_RESOLVED.
PRESENT_MARKERS: Final = _rx(
    r"\b(?:again|lately|tonight|right now|these days|(?:urges?|thoughts?) (?:are|is) back"
    r"|back again|wish it had|thinking about (?:it|trying|doing)|cant stop"
    r"|still (?:want|wish|feel|think|cut|hurt)|havent gone|stronger than ever|relapse\w*"
    r"|throw it all away|but now i (?:want|wish|think))\b"
    # present-tense wishes and plans of the writer: "everyone thinks im doing well but i want
    # to die", "i used to love painting, now i just want to kill myself"
    r"|\b(?:i|im)\s+(?!used\b|would\b|once\b)(?:\w+\s+){0,2}?(?:want|wanna|need|wish"
    r"|keep thinking about|am thinking about|going|planning|ready|hope|pray)\s+(?:to\s+)?"
    r"(?:\w+\s+)?(?:die|dying|kill|killing|end|ending|cut|cutting|hurt|hurting|disappear|be dead"
    r"|not (?:be )?(?:alive|here|wake)|stop existing|suicide)\b"
)
# Subject words for the "is it about someone else?" check (tokens of normalised text).
FIRST_PERSON: Final = frozenset({"i", "im", "ive", "id", "ill", "me", "myself"})
THIRD_PERSON: Final = frozenset(
    "you youre he she they hes shes theyre theyve theyd hed shed theyll him her them himself"
    " herself"
    " themselves someone somebody anyone people friend brother sister mom dad mum son daughter"
    " partner husband wife boyfriend girlfriend roommate coworker kid cousin uncle aunt"
    " character patient student teen teenager man woman guy girl boy villain hero narrator"
    " protagonist".split()
)
# Kinds whose rules keep a hit even with another person in front ("my mom would be better off").
SUBJECT_FREE_KINDS: Final = frozenset({"burden", "goodbye"})
# Idioms and ordinary mentions: used to veto hits that come from the model alone.
IDIOM_GUARDS: Final = _rx(
    r"\b(?:killing|kills|killed|kill) (?:me|my (?:feet|back|knees?|legs|calves|shoulders|hair"
    r"|head|vibe))\b|\bkill(?:ed|ing)? (?:it|time|the (?:lights|engine|vibe))\b"
    r"|\bkill(?:ing)? for (?:a|an|some)\b|\bkill (?:for|to have)\b|\bkiller\b"
    r"|\bdying (?:to|for|of|over here)\b|\b(?:died|dying|die) (?:laughing|of (?:embarrassment"
    r"|shame|laughter|thirst|boredom|curiosity))\b|\bto die for\b|\bim (?:dead|deceased)\b"
    r"|\bdead (?:tired|serious|set|silent|quiet|last|end|on my feet|asleep)\b|\bdeadline\b"
    r"|\b(?:phone|battery|laptop|computer|car|plant|plants|flowers|tv|remote|wifi|engine"
    r"|headphones|printer|fish|conversation|chat|party)\b"
    r"(?:\s+\w+){0,2}\s+(?:died|dead|is dying|dying)\b"
    r"|\b(?:in the game|respawn\w*|boss|raid|kills|headshot|level)\b|\brather die than\b"
    r"|\bdeath of me\b|\bbored to death\b|\bhalf to death\b|\bover my dead body\b"
)
