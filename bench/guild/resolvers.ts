import type { ResolverMap } from '../../subgraphs/shared/resolverMap.ts';
import {
  IN_STOCK,
  PRODUCTS,
  productByUpc,
  type Review,
  reviewById,
  reviewsOfProduct,
  reviewsOfUser,
  shippingEstimate,
  TOP_PRODUCTS_DEFAULT,
  USERS,
  userById,
} from './data.ts';

export type GuildSubgraphName = 'accounts' | 'inventory' | 'products' | 'reviews';

const accounts: ResolverMap<unknown> = {
  Query: {
    me: () => USERS[0],
    user: (_: unknown, { id }: { id: string }) => userById(id) ?? null,
    users: () => USERS,
  },
  User: {
    __resolveReference: ({ id }: { id: string }) => userById(id) ?? null,
  },
};

const products: ResolverMap<unknown> = {
  Query: {
    topProducts: (_: unknown, { first }: { first: number | null }) =>
      PRODUCTS.slice(0, Math.max(0, first ?? TOP_PRODUCTS_DEFAULT)),
  },
  Product: {
    __resolveReference: ({ upc }: { upc: string }) => productByUpc(upc) ?? null,
  },
};

/** The representation carries price and weight when shippingEstimate is asked for (@requires). */
interface InventoryProductReference {
  upc: string;
  price?: number | null;
  weight?: number | null;
}

interface InventoryProduct {
  upc: string;
  price: number | null;
  weight: number | null;
  inStock: boolean;
}

const inventory: ResolverMap<unknown> = {
  Product: {
    __resolveReference: (ref: InventoryProductReference): InventoryProduct | null => {
      const inStock = IN_STOCK.get(ref.upc);
      if (inStock === undefined) return null;
      return { upc: ref.upc, price: ref.price ?? null, weight: ref.weight ?? null, inStock };
    },
    shippingEstimate: (product: InventoryProduct) =>
      shippingEstimate(product.price, product.weight),
  },
};

const reviews: ResolverMap<unknown> = {
  Review: {
    __resolveReference: ({ id }: { id: string }) => reviewById(id) ?? null,
    product: (review: Review) => ({ upc: review.productUpc }),
    // @provides(fields: "username"): the author comes with the username, saving a fetch.
    author: (review: Review) => ({
      id: review.authorId,
      username: userById(review.authorId)?.username ?? null,
    }),
  },
  User: {
    __resolveReference: ({ id }: { id: string }) => ({ id }),
    reviews: ({ id }: { id: string }) => reviewsOfUser(id),
  },
  Product: {
    __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
    reviews: ({ upc }: { upc: string }) => reviewsOfProduct(upc),
  },
};

export const GUILD_RESOLVERS: Record<GuildSubgraphName, ResolverMap<unknown>> = {
  accounts,
  inventory,
  products,
  reviews,
};
