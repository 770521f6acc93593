/** Demo staff for the local development sign-in: one per role, scoped around 高阳县. */
import type { Role } from '../../functions/domain/access';

export interface DemoUser {
  id: string;
  name: string;
  role: Role;
  scope: string;
}

export const demoUsers: DemoUser[] = [
  { id: 'province-admin', name: '省厅 · 王建国', role: 'province_admin', scope: '130000' },
  { id: 'city-admin', name: '保定市局 · 李明', role: 'city_admin', scope: '130600' },
  { id: 'county-admin', name: '高阳县局 · 赵磊', role: 'county_admin', scope: '130628' },
  { id: 'unit-staff', name: '城关派出所 · 刘洋', role: 'unit_staff', scope: '130628001' },
  { id: 'agency-analyst', name: '测评机构 · 陈静', role: 'agency_analyst', scope: 'AGENCY-01' },
  { id: 'auditor', name: '省厅督察 · 孙丽', role: 'auditor', scope: '130000' },
];

/**
 * Staff of the bilingual Inner Mongolia demo (local/seed/demo-ordos.ts). Kept apart from
 * `demoUsers`, whose scopes all reach the Hebei objects the authorization matrix tests on.
 */
export const regionalDemoUsers: DemoUser[] = [
  {
    id: 'nmg-province-admin',
    name: '内蒙古公安厅 · 其其格 (Qiqige)',
    role: 'province_admin',
    scope: '150000',
  },
  { id: 'ordos-county-admin', name: '东胜区分局 · 巴特尔 (Bater)', role: 'county_admin', scope: '150602' },
  { id: 'ordos-unit-staff', name: '城区派出所 · 乌兰 (Ulaan)', role: 'unit_staff', scope: '150602001' },
];

/** Everyone the local dev sign-in offers. */
export const signInUsers: DemoUser[] = [...demoUsers, ...regionalDemoUsers];
