// A Vitest sequencer that starts the slowest test files first, whatever their project.
//
// Vitest's own order runs a config's projects one after another (apps/api's fast-path files, then
// its stock-trpc files) and, from a clean clone (no results cache, as in CI), the largest files
// first. A long file that starts last is the run's critical path: apps/api's stock-trpc
// fuzz-procedures started after every fast-path file and ran alone at the end. Listing the slow
// files lets both workers start on them together and fill the rest with the short files.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * `slowest`: file paths relative to the config's root, slowest first (docs/testing.md has the
 * measured times). Files not listed keep Vitest's order after them; so do the projects' groups
 * (`sequence.groupOrder`).
 */
export function slowFilesFirst(slowest: readonly string[]) {
  return class SlowFilesFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const rank = (spec: TestSpecification) => {
        const root = spec.project.config.root.replace(/\/$/, '');
        const index = slowest.findIndex((path) => spec.moduleId === `${root}/${path}`);
        return index === -1 ? slowest.length : index;
      };
      const base = await super.sort(files);
      return base
        .map((spec, position) => ({ spec, position, rank: rank(spec) }))
        .sort(
          (a, b) =>
            a.spec.project.config.sequence.groupOrder - b.spec.project.config.sequence.groupOrder ||
            a.rank - b.rank ||
            a.position - b.position,
        )
        .map(({ spec }) => spec);
    }
  };
}
