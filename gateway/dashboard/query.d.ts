export const FIELDS: readonly string[];
export const DASHBOARD_QUERY: string;
export function privateQuery(epsilon: number): string;
