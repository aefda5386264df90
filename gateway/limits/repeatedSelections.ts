import { Kind, type SelectionSetNode, type ValidationRule } from 'graphql';
import { codedError } from '../../kernel/errors.ts';

const refusal = (code: string, message: string) =>
  codedError(code, message, { http: { status: 400 } });

/** Response keys and fragment spreads of a selection set, its inline fragments' counted as its own. */
function countKeys(set: SelectionSetNode, counts = new Map<string, number>()) {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      countKeys(selection.selectionSet, counts);
    } else {
      const key = `...${selection.name.value}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The same field (or fragment spread) many times in one selection set is merged into one by the
 * executor, but graphql-js compares every pair of them while validating, and graphql-armor counts
 * a repeated spread's directives once; the same directive twice on one node is never
 * valid, yet each one is reported, so an answer grows with the query. Both are refused with one
 * error each.
 */
export function repeatedSelectionsRule(maxFieldRepeats: number): ValidationRule {
  return (context) => ({
    SelectionSet(node) {
      for (const [key, count] of countKeys(node)) {
        if (count > maxFieldRepeats) {
          context.reportError(
            refusal(
              'TOO_MANY_REPEATED_FIELDS',
              `${key} is selected ${count} times in one selection; at most ${maxFieldRepeats}`,
            ),
          );
        }
      }
    },
    enter(node) {
      if (!('directives' in node) || !node.directives || node.directives.length < 2) return;
      const names = node.directives.map((d) => d.name.value);
      const repeated = names.find((name, i) => names.indexOf(name) !== i);
      if (repeated) {
        context.reportError(
          refusal('DIRECTIVE_REPEATED', `@${repeated} is repeated on one location`),
        );
      }
    },
  });
}
