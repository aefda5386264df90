import {
  IN_STOCK,
  PRODUCTS,
  productByUpc,
  type Review,
  reviewsOfProduct,
  reviewsOfUser,
  shippingEstimate,
  TOP_PRODUCTS_DEFAULT,
  USERS,
  userById,
} from './data.ts';

/**
 * The `data` GUILD_QUERY must return, worked out from data.ts without GraphQL. Keys are in the
 * query's order, so its JSON is also the size of a correct answer.
 */
export function expectedGuildData() {
  return {
    users: USERS.map((user) => ({
      ...userFields(user.id),
      reviews: reviewsOfUser(user.id).map((review) => ({
        ...reviewFields(review),
        product: {
          ...productFields(review.productUpc),
          reviews: reviewsOfProduct(review.productUpc).map(reviewWithAuthor),
        },
      })),
    })),
    topProducts: PRODUCTS.slice(0, TOP_PRODUCTS_DEFAULT).map((product) => ({
      ...productFields(product.upc),
      reviews: reviewsOfProduct(product.upc).map(reviewWithAuthor),
    })),
  };
}

function reviewWithAuthor(review: Review) {
  return {
    ...reviewFields(review),
    author: {
      ...userFields(review.authorId),
      reviews: reviewsOfUser(review.authorId).map((authored) => ({
        ...reviewFields(authored),
        product: productFields(authored.productUpc),
      })),
    },
  };
}

function userFields(id: string) {
  const user = userById(id);
  if (!user) throw new Error(`data.ts has no user ${id}`);
  return { id: user.id, username: user.username, name: user.name };
}

const reviewFields = (review: Review) => ({ id: review.id, body: review.body });

function productFields(upc: string) {
  const product = productByUpc(upc);
  if (!product) throw new Error(`data.ts has no product ${upc}`);
  return {
    inStock: IN_STOCK.get(upc) ?? null,
    name: product.name,
    price: product.price,
    shippingEstimate: shippingEstimate(product.price, product.weight),
    upc: product.upc,
    weight: product.weight,
  };
}
