/**
 * Who acts in the demo history: the demo users of the local sign-in, and the staff of the other
 * demo units (signed with the same development key, so the console checks their tokens and
 * scopes exactly as it checks anyone's).
 */
import { type DemoUser, demoUsers } from '../../local/seed/demo-users';

const demo = (id: string): DemoUser => demoUsers.find((u) => u.id === id)!;

export const PROVINCE_ADMIN = demo('province-admin');
export const COUNTY_ADMIN = demo('county-admin');
export const AGENCY_ANALYST = demo('agency-analyst');

/** The member of staff who handles each demo unit's cases (城关派出所's is the demo unit user). */
export const UNIT_STAFF: Record<string, DemoUser> = {
  '130628001': demo('unit-staff'),
  '130628002': { id: 'staff-130628002', name: '车管所 · 张伟', role: 'unit_staff', scope: '130628002' },
  '130628003': { id: 'staff-130628003', name: '城区中队 · 王芳', role: 'unit_staff', scope: '130628003' },
  '130102001': { id: 'staff-130102001', name: '建北派出所 · 孙浩', role: 'unit_staff', scope: '130102001' },
  '130602001': { id: 'staff-130602001', name: '先锋派出所 · 周敏', role: 'unit_staff', scope: '130602001' },
  '130203001': { id: 'staff-130203001', name: '路北一中队 · 吴强', role: 'unit_staff', scope: '130203001' },
};

/** The county bureau asked to coordinate on a case of 先锋派出所. */
export const JINGXIU_ADMIN: DemoUser = {
  id: 'county-130602',
  name: '竞秀分局 · 郑凯',
  role: 'county_admin',
  scope: '130602',
};
