/**
 * Safe, bounded jq for Resource Interfaces, on top of jackson-jq 1.6.0 (jq 1.6 semantics).
 *
 * <h2>Why an RI expression cannot run away</h2>
 * RIs are written by administrators but evaluated inside long-running services on every watch event, so every
 * expression must be read-only and bounded. The argument, layer by layer:
 * <ol>
 *   <li><b>No way to loop or recurse.</b> The lexer ({@code JqLexer}) and then the compiled syntax tree
 *       ({@code JqGuard}, authoritative) refuse {@code def}, {@code reduce}, {@code foreach}, {@code label},
 *       {@code ..}, and every function outside an allow-list ({@link io.kindred.ri.jq.JqFunctions}) — which leaves
 *       out {@code recurse}, {@code walk}, {@code paths}, {@code range}, {@code repeat}, {@code while},
 *       {@code until}, {@code combinations}, regular expressions (ReDoS) and everything that reads outside the input
 *       ({@code env}, {@code $ENV}, {@code input}, {@code debug}, {@code $__loc__}, {@code now} …). Without loops,
 *       each syntax-tree node runs at most once per value reaching it, and no allowed function iterates more than
 *       the size of its input. The amount of work is therefore polynomial in the input's size, with a degree fixed
 *       by the expression — finite, but not yet small (three nested {@code .[]} over a 1000-item list is 10⁹).</li>
 *   <li><b>A step budget.</b> Every sub-expression is wrapped ({@code Metered}); entering it and each value it
 *       produces costs a step, and an evaluation may take {@link io.kindred.ri.jq.JqLimits#maxSteps()} steps.
 *       This bounds iteration deterministically, including iteration whose values never reach the output
 *       ({@code [.a[] as $x | .a[] | …] | length}).</li>
 *   <li><b>Bounded values.</b> A single step could still be expensive if values grew: {@code . + .} doubles a
 *       string, {@code "x" * 1e9} allocates a gigabyte, {@code [.,.] | [.,.] | …} builds a value that shares
 *       sub-trees, whose serialization is exponential. Every value built by a step (constructions, arithmetic,
 *       function results) is weighed — the walk stops at the limit, so weighing costs at most the limit — against
 *       {@link io.kindred.ri.jq.JqLimits#maxValueWeight()} and
 *       {@link io.kindred.ri.jq.JqLimits#maxStringLength()}; string repetition is checked before it allocates; and
 *       {@code add}, {@code flatten}, {@code join}, {@code tojson} and {@code tostring} are replaced by versions that
 *       are linear and stop at the limits. So every value is a part of the input or within the limits, and every
 *       single step costs at most a polynomial of those sizes.</li>
 *   <li><b>A deadline</b> ({@link io.kindred.ri.jq.JqLimits#timeout()}), checked every 256 steps and after weighing a
 *       large value, backs the step budget against slow steps. A step in progress is not interrupted; by the
 *       above it is bounded.</li>
 *   <li><b>Bounded results</b> ({@link io.kindred.ri.jq.JqLimits#maxResults()}) and bounded source
 *       (length and nesting), checked before jackson-jq parses anything.</li>
 * </ol>
 * Limits are enforced with an exception jq's own {@code try} and {@code ?} cannot catch.
 *
 * <h2>Performance</h2>
 * Builtins are loaded once into a shared root scope; each expression is compiled once; an evaluation allocates a
 * child scope, a small budget and one callback per sub-expression it enters.
 */
package io.kindred.ri.jq;
