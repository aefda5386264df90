import type { ApolloServerPlugin } from '@apollo/server';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError } from 'graphql';
import { codedError } from '../../kernel/errors.ts';

/**
 * Counts a document's tokens while lexing it and stops at `maxTokens`, before Apollo parses it;
 * only documents not parsed before reach this (Apollo keeps validated ones). A document shorter
 * than the limit cannot hold more tokens than characters, so it is not lexed twice.
 */
export function maxTokensPlugin(maxTokens: number): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      parsingDidStart: async ({ source }) => {
        if (source === undefined || source.length <= maxTokens) return;
        try {
          new MaxTokensParserWLexer(source, { n: maxTokens }).parseDocument();
        } catch (error) {
          // Syntax errors are left to Apollo's own parse, which reports them.
          if (error instanceof GraphQLError && /Token limit/.test(error.message)) {
            throw codedError('TOO_MANY_TOKENS', `the document has more than ${maxTokens} tokens`, {
              http: { status: 400 },
            });
          }
        }
      },
    }),
  };
}
