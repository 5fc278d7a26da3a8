/** Small helpers for the demo's made-up traffic. */
export const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;
export const between = (min: number, max: number): number => min + Math.random() * (max - min);
export const chance = (p: number): boolean => Math.random() < p;

export function ip(): string {
  const first = pick([10, 62, 81, 93, 172, 185, 203]);
  return `${first}.${Math.floor(between(0, 255))}.${Math.floor(between(0, 255))}.${Math.floor(between(1, 254))}`;
}
