/**
 * Driver licence classes since 1 January 2025 (Road Traffic Order and Safety Law 2024), with the
 * minimum age and the validity in years (`null`: no expiry). Older licences (A1–A4, B1, B2, …)
 * stay valid under their old class names.
 */
export interface LicenceClass {
  code: string;
  minimumAge: number;
  validityYears: number | null;
  motorbike: boolean;
}

export const LICENCE_CLASSES: readonly LicenceClass[] = [
  { code: 'A1', minimumAge: 18, validityYears: null, motorbike: true },
  { code: 'A', minimumAge: 18, validityYears: null, motorbike: true },
  { code: 'B1', minimumAge: 18, validityYears: null, motorbike: true },
  { code: 'B', minimumAge: 18, validityYears: 10, motorbike: false },
  { code: 'C1', minimumAge: 18, validityYears: 5, motorbike: false },
  { code: 'C', minimumAge: 21, validityYears: 5, motorbike: false },
  { code: 'D1', minimumAge: 24, validityYears: 5, motorbike: false },
  { code: 'D2', minimumAge: 24, validityYears: 5, motorbike: false },
  { code: 'D', minimumAge: 27, validityYears: 5, motorbike: false },
  { code: 'BE', minimumAge: 18, validityYears: 5, motorbike: false },
  { code: 'C1E', minimumAge: 21, validityYears: 5, motorbike: false },
  { code: 'CE', minimumAge: 24, validityYears: 5, motorbike: false },
  { code: 'D1E', minimumAge: 27, validityYears: 5, motorbike: false },
  { code: 'D2E', minimumAge: 27, validityYears: 5, motorbike: false },
  { code: 'DE', minimumAge: 27, validityYears: 5, motorbike: false },
];

const byCode = new Map(LICENCE_CLASSES.map((c) => [c.code, c]));

export function licenceClass(code: string): LicenceClass {
  const found = byCode.get(code);
  if (!found) throw new RangeError(`unknown licence class ${code}`);
  return found;
}

/** Points every licence holder starts each year with. */
export const LICENCE_POINTS_PER_YEAR = 12;
