// The options tools/structure/ reads a tree's import graph with: the repository's own
// (.dependency-cruiser.mjs) without its rules, so that an older tree, laid out
// otherwise, is read the same way and only the graph is taken.
import repositoryConfig from "../../.dependency-cruiser.mjs";

export default { options: repositoryConfig.options };
