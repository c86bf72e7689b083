"""Tests of the one graph helper: reachability, order, loops, score bounds and path counts."""
from coachlab.scenario import graph

DIAMOND = {"s": ["a", "b"], "a": ["t"], "b": ["t"], "t": ["end"], "end": []}


def steps(n: int) -> dict:
    """n two-way steps that branch and rejoin: s0 -> a0 | b0 -> s1 -> ... -> end."""
    choices = {}
    for i in range(n):
        nxt = f"s{i + 1}" if i + 1 < n else "end"
        choices[f"s{i}"] = [(f"a{i}", {"trust": 1}), (f"b{i}", {"trust": -1})]
        choices[f"a{i}"] = [(nxt, {})]
        choices[f"b{i}"] = [(nxt, {"ownership": 2})]
    choices["end"] = []
    return choices


def test_reachable_in_play_order_and_reaching():
    edges = {**DIAMOND, "orphan": ["end"], "x": ["missing"]}
    assert graph.reachable(edges, ["s"]) == ["s", "a", "b", "t", "end"]
    assert graph.reaching(edges, ["t"]) == {"s", "a", "b", "t"}


def test_layers_set_back_edges_aside():
    edges = {"s": ["a"], "a": ["b"], "b": ["a", "end"], "end": []}
    order, back = graph.depth_first(edges, "s")
    assert back == {("b", "a")} and order.index("a") < order.index("b")
    assert graph.layers(edges, "s") == {"s": 0, "a": 1, "b": 2, "end": 3}


def test_loops_and_closed_loops():
    edges = {"s": ["a", "x"], "a": ["b"], "b": ["a"], "x": ["y"], "y": ["x", "end"], "end": [], "z": ["z"]}
    assert sorted(map(sorted, graph.loops(edges))) == [["a", "b"], ["x", "y"], ["z"]]
    assert sorted(map(sorted, graph.closed_loops(edges))) == [["a", "b"], ["z"]]


def test_score_bounds_of_many_branch_and_rejoin_steps_are_exact_and_quick():
    """2^40 paths: enumerating them would never finish; the memoised walk is exact."""
    bounds = graph.score_bounds(steps(40), "s0", ["end"], ["trust", "ownership"])
    assert bounds == {"trust": (-40, 40), "ownership": (0, 80)}


def test_score_bounds_with_a_loop_and_no_ending():
    choices = {"s": [("a", {"t": 1})], "a": [("s", {"t": 5}), ("end", {"t": -1})], "end": []}
    assert graph.score_bounds(choices, "s", ["end"], ["t"]) == {"t": (0, 0)}
    assert graph.score_bounds({"s": [("s", {"t": 1})]}, "s", [], ["t"]) == {"t": (0, 0)}


def test_count_paths_and_forward_bounds():
    counts, looped = graph.count_paths({n: [t for t, _ in cs] for n, cs in steps(30).items()}, "s0", ["end"])
    assert counts == {"end": 2 ** 30} and not looped
    counts, looped = graph.count_paths({"s": ["a", "a", "e1"], "a": ["s", "e2"], "e1": [], "e2": []}, "s", ["e1", "e2"])
    assert counts == {"e1": 1, "e2": 2} and looped
    ahead = graph.forward_bounds(steps(3), "s0", ["trust"])
    assert ahead["end"] == {"trust": (-3, 3)} and ahead["a1"] == {"trust": (0, 2)}
