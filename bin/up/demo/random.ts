/** Small helpers for the demo's made-up traffic. */
export const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
export const between = (min: number, max: number): number => min + Math.random() * (max - min);
export const chance = (p: number): boolean => Math.random() < p;

export function ip(): string {
  const first = pick([10, 62, 81, 93, 172, 185, 203]);
  return `${first}.${Math.floor(between(0, 255))}.${Math.floor(between(0, 255))}.${Math.floor(between(1, 254))}`;
}

/**
 * An index in [0, n) skewed towards 0, as real traffic is (a few clients and pages take most
 * requests): the k-th is about `skew` times likelier than one far down the list.
 */
export const skewed = (n: number, skew = 3): number => Math.min(n - 1, Math.floor(n * Math.random() ** skew));
