"""DEAP's OneMax, the anchor of the GA benchmark (run by `cargo bench -p hms-actors`).

Population 100, tournament 3, two-point crossover p=0.5, bit-flip mutation
indpb=0.001 applied with p=0.2, 200 generations (`algorithms.eaSimple`, which
re-evaluates only changed individuals). Prints one JSON line.
"""

import json
import random
import sys
import time

from deap import algorithms, base, creator, tools


def main() -> None:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    generations = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    random.seed(seed)
    creator.create("FitnessMax", base.Fitness, weights=(1.0,))
    creator.create("Individual", list, fitness=creator.FitnessMax)
    toolbox = base.Toolbox()
    toolbox.register("attr_bool", random.randint, 0, 1)
    toolbox.register("individual", tools.initRepeat, creator.Individual, toolbox.attr_bool, 1000)
    toolbox.register("population", tools.initRepeat, list, toolbox.individual)
    toolbox.register("evaluate", lambda ind: (sum(ind),))
    toolbox.register("mate", tools.cxTwoPoint)
    toolbox.register("mutate", tools.mutFlipBit, indpb=0.001)
    toolbox.register("select", tools.selTournament, tournsize=3)

    evaluations = 0
    original = toolbox.evaluate

    def counted(ind):
        nonlocal evaluations
        evaluations += 1
        return original(ind)

    toolbox.register("evaluate", counted)
    pop = toolbox.population(n=100)
    start = time.perf_counter()
    pop, _ = algorithms.eaSimple(pop, toolbox, cxpb=0.5, mutpb=0.2, ngen=generations, verbose=False)
    seconds = time.perf_counter() - start
    best = max(ind.fitness.values[0] for ind in pop)
    print(json.dumps({"evaluations": evaluations, "seconds": seconds, "best": best}))


if __name__ == "__main__":
    main()
