import { expectedGuildData } from './expectedAnswer.ts';
import { firstDifference } from './firstDifference.ts';

/** The heavy query of The Guild's federation-v1 benchmark (scenarios/k6.shared.js). */
export const GUILD_QUERY = `fragment User on User {
  id
  username
  name
}

fragment Review on Review {
  id
  body
}

fragment Product on Product {
  inStock
  name
  price
  shippingEstimate
  upc
  weight
}

query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews {
          ...Review
          author {
            ...User
            reviews {
              ...Review
              product {
                ...Product
              }
            }
          }
        }
      }
    }
  }
  topProducts {
    ...Product
    reviews {
      ...Review
      author {
        ...User
        reviews {
          ...Review
          product {
            ...Product
          }
        }
      }
    }
  }
}
`;

const EXPECTED_DATA = expectedGuildData();

/**
 * null when the response to GUILD_QUERY (parsed, or its JSON text) has no errors and exactly
 * the expected data; otherwise what is wrong, in a line.
 */
export function checkGuildResponse(body: unknown): string | null {
  let response = body;
  if (typeof response === 'string') {
    try {
      response = JSON.parse(response);
    } catch {
      return 'response is not valid JSON';
    }
  }
  if (typeof response !== 'object' || response === null || Array.isArray(response)) {
    return 'response is not a JSON object';
  }
  const { data, errors } = response as { data?: unknown; errors?: unknown };
  if (errors !== undefined) {
    const first = Array.isArray(errors)
      ? (errors[0] as { message?: unknown } | undefined)
      : undefined;
    const count = Array.isArray(errors) ? errors.length : 1;
    return `${count} error(s), first: ${JSON.stringify(first?.message ?? errors)}`.slice(0, 300);
  }
  if (data === undefined || data === null) return 'response has no data';
  return firstDifference(EXPECTED_DATA, data, 'data');
}
