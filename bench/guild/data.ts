/**
 * The data of The Guild's federation-v1 gateway benchmark (the-guild-org/gateways-benchmark):
 * 6 users, 9 products, 11 reviews, all written by user 1. Same values, so the heavy query's
 * answer has the same shape and about the same size as theirs.
 */

export interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}

/** What the products subgraph knows of a product. */
export interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}

export interface Review {
  id: string;
  body: string;
  productUpc: string;
  authorId: string;
}

const user = (id: string, name: string, username: string): User => ({
  id,
  name,
  username,
  birthday: 1234567890,
});

export const USERS: readonly User[] = [
  user('1', 'Uri Goldshtein', 'urigo'),
  user('2', 'Dotan Simha', 'dotansimha'),
  user('3', 'Kamil Kisiela', 'kamilkisiela'),
  user('4', 'Arda Tanrikulu', 'ardatan'),
  user('5', 'Gil Gardosh', 'gilgardosh'),
  user('6', 'Laurin Quast', 'laurin'),
];

export const PRODUCTS: readonly Product[] = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Glass', price: 15, weight: 20 },
  { upc: '4', name: 'Chair', price: 499, weight: 100 },
  { upc: '5', name: 'TV', price: 1299, weight: 1000 },
  { upc: '6', name: 'Lamp', price: 6999, weight: 300 },
  { upc: '7', name: 'Grill', price: 3999, weight: 2000 },
  { upc: '8', name: 'Fridge', price: 100000, weight: 6000 },
  { upc: '9', name: 'Sofa', price: 9999, weight: 800 },
];

/** What the inventory subgraph knows of a product, by UPC. */
export const IN_STOCK: ReadonlyMap<string, boolean> = new Map([
  ['1', true],
  ['2', false],
  ['3', false],
  ['4', false],
  ['5', true],
  ['6', true],
  ['7', true],
  ['8', false],
  ['9', true],
]);

const LOREM = {
  lorem:
    'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.',
  sedUt:
    'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi',
  sedQuia:
    'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.',
  utEnim:
    'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem',
  atVero:
    'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.',
};

const review = (id: string, body: string, productUpc: string): Review => ({
  id,
  body,
  productUpc,
  authorId: '1',
});

export const REVIEWS: readonly Review[] = [
  review('1', LOREM.lorem, '1'),
  review('2', LOREM.sedUt, '1'),
  review('3', LOREM.sedQuia, '1'),
  review('4', LOREM.utEnim, '1'),
  review('5', LOREM.lorem, '2'),
  review('6', LOREM.sedUt, '2'),
  review('7', LOREM.sedQuia, '2'),
  review('8', LOREM.utEnim, '2'),
  review('9', LOREM.utEnim, '3'),
  review('10', LOREM.utEnim, '4'),
  review('11', LOREM.atVero, '4'),
];

export const TOP_PRODUCTS_DEFAULT = 5;

export const userById = (id: string): User | undefined => USERS.find((u) => u.id === id);
export const productByUpc = (upc: string): Product | undefined =>
  PRODUCTS.find((p) => p.upc === upc);
export const reviewById = (id: string): Review | undefined => REVIEWS.find((r) => r.id === id);
export const reviewsOfProduct = (upc: string): Review[] =>
  REVIEWS.filter((r) => r.productUpc === upc);

/**
 * The Guild's reviews subgraph answers `User.reviews` with the first two reviews whatever the
 * user, so all six users list reviews 1 and 2. Kept, since it sets the answer's size.
 */
export const reviewsOfUser = (_userId: string): Review[] => REVIEWS.slice(0, 2);

/**
 * Free above a price of 1000, else half the weight. (The Guild's inventory subgraph ignores
 * the price and weight the gateway sends, so theirs is always null; ours uses them, so a gateway
 * that drops @requires fields gives a wrong answer instead of the same one.)
 */
export function shippingEstimate(price: number | null, weight: number | null): number | null {
  if (price === null) return null;
  if (price > 1000) return 0;
  return weight === null ? null : Math.floor(weight / 2);
}
