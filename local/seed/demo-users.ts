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
