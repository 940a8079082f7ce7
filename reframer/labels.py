"""The fixed label sets: thinking traps and rewrite strategies.

Trap ids are stable API: they appear in every output and in the model folder's label list.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["STRATEGIES", "TRAPS", "TRAP_DESCRIPTIONS", "Strategy", "Trap"]

Trap = Literal[
    "all_or_nothing",
    "overgeneralization",
    "labeling",
    "should_statements",
    "mind_reading",
    "fortune_telling",
    "catastrophizing",
    "discounting_positive",
    "personalization",
    "comparison",
    "emotional_reasoning",
]

TRAP_DESCRIPTIONS: Final[dict[str, str]] = {
    "all_or_nothing": "All-or-nothing thinking: seeing yourself in black and white, total success or total failure.",
    "overgeneralization": "Overgeneralization: one event becomes a rule ('always', 'never', 'every time').",
    "labeling": "Labeling: a global label for yourself ('I'm an idiot', 'I'm a failure').",
    "should_statements": "Should statements: harsh rules about what you should or must have done.",
    "mind_reading": "Mind reading: assuming others think badly of you without evidence.",
    "fortune_telling": "Fortune telling: predicting that things will turn out badly because of you.",
    "catastrophizing": "Catastrophizing: treating a setback as a disaster that ruins everything.",
    "discounting_positive": "Discounting the positive: successes 'don't count' or were luck.",
    "personalization": "Personalization (self-blame): blaming yourself for things outside your control.",
    "comparison": "Comparison: measuring yourself against others and coming up short.",
    "emotional_reasoning": "Emotional reasoning: 'I feel worthless, so I must be worthless.'",
}

TRAPS: Final[tuple[str, ...]] = tuple(TRAP_DESCRIPTIONS)

Strategy = Literal["self-compassion", "evidence", "self-trust", "growth", "impermanence"]

STRATEGIES: Final[dict[str, str]] = {
    "self-compassion": "Self-kindness, common humanity and mindful acknowledgement of the feeling.",
    "evidence": "Evidence and balance: check absolute words, separate an event from a verdict.",
    "self-trust": "Keep one small promise to yourself; accept yourself; trust builds gradually.",
    "growth": "What could help next time.",
    "impermanence": "This feeling and this day will pass.",
}
