// The role of each validation point (calibration / held-out), read from validation/split.json, and its consistency checks.
import split from './split.json';
import type { ValidationCurve, ValidationPoint } from './points';

export type Role = 'calibration' | 'held-out';
const roleNames: readonly string[] = ['calibration', 'held-out'];

/** The committed split: workload name -> role, as written in validation/split.json. */
export const committedRoles: Readonly<Record<string, string>> = split.roles;

/** The role of a point, or undefined when the split does not give it one. */
export function roleOf(workload: string, roles: Readonly<Record<string, string>> = committedRoles): Role | undefined {
  const role = Object.prototype.hasOwnProperty.call(roles, workload) ? roles[workload] : undefined;
  return role !== undefined && roleNames.includes(role) ? (role as Role) : undefined;
}

/** Every name the split must give a role: each point's workload and each curve point's id. */
export function splitNames(
  points: readonly Pick<ValidationPoint, 'workload'>[],
  curves: readonly Pick<ValidationCurve, 'points'>[] = [],
): Pick<ValidationPoint, 'workload'>[] {
  return [
    ...points.map((p) => ({ workload: p.workload })),
    ...curves.flatMap((c) => c.points.map((q) => ({ workload: q.id }))),
  ];
}

/** Why the points and the split disagree: a point without a valid role, a role without a point, a point listed twice. */
export function splitProblems(
  points: readonly Pick<ValidationPoint, 'workload'>[],
  roles: Readonly<Record<string, string>> = committedRoles,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of points) {
    if (seen.has(p.workload)) problems.push(`point ${p.workload} is listed twice in validation/points.ts`);
    seen.add(p.workload);
    if (!Object.prototype.hasOwnProperty.call(roles, p.workload))
      problems.push(`point ${p.workload} has no role in validation/split.json`);
    else if (!roleOf(p.workload, roles)) {
      problems.push(
        `point ${p.workload} has role "${roles[p.workload]}" in validation/split.json; expected ${roleNames.join(' or ')}`,
      );
    }
  }
  for (const w of Object.keys(roles)) {
    if (!seen.has(w))
      problems.push(`validation/split.json gives ${w} a role but validation/points.ts has no such point`);
  }
  return problems;
}
