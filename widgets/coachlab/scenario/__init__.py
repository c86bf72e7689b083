"""Role-play scenarios: the model, the checker and the engine (pure Python, no widgets)."""
from .engine import Engine, IllegalMove, PlayState, Step
from .model import Choice, Condition, Ending, Line, Node, Scenario
from .validate import check_file, load_scenario

__all__ = ["Scenario", "load_scenario", "check_file", "Engine", "PlayState", "Step", "IllegalMove",
           "Choice", "Condition", "Ending", "Line", "Node"]
