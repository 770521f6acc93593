/** Demo units and their service windows, in a handful of real Hebei counties (高阳县 among them). */
import type { UnitType } from '../../functions/domain/org';
import type { LocalizedText } from '../../functions/schemas/questionnaire';

export interface DemoUnit {
  countyCode: string;
  seq: number;
  unitType: UnitType;
  name: LocalizedText;
  windows: LocalizedText[];
}

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });

export const demoUnits: DemoUnit[] = [
  {
    countyCode: '130628',
    seq: 1,
    unitType: 'police_station',
    name: t('高阳县公安局城关派出所', 'Chengguan Police Station, Gaoyang County PSB'),
    windows: [t('户籍窗口', 'Household registration window'), t('综合服务窗口', 'General service window')],
  },
  {
    countyCode: '130628',
    seq: 2,
    unitType: 'vehicle_admin',
    name: t('高阳县公安局车辆管理所', 'Vehicle Administration Office, Gaoyang County PSB'),
    windows: [
      t('机动车登记窗口', 'Vehicle registration window'),
      t('驾驶证业务窗口', 'Driving licence window'),
    ],
  },
  {
    countyCode: '130628',
    seq: 3,
    unitType: 'traffic_squad',
    name: t('高阳县公安局交警大队城区中队', 'Urban Traffic Squad, Gaoyang County PSB'),
    windows: [t('违法处理窗口', 'Traffic violation window')],
  },
  {
    countyCode: '130102',
    seq: 1,
    unitType: 'police_station',
    name: t('石家庄市公安局长安分局建北派出所', 'Jianbei Police Station, Chang’an Branch'),
    windows: [
      t('户籍窗口', 'Household registration window'),
      t('出入境自助服务点', 'Exit-entry self-service point'),
    ],
  },
  {
    countyCode: '130602',
    seq: 1,
    unitType: 'police_station',
    name: t('保定市公安局竞秀分局先锋派出所', 'Xianfeng Police Station, Jingxiu Branch'),
    windows: [t('综合服务窗口', 'General service window')],
  },
  {
    countyCode: '130203',
    seq: 1,
    unitType: 'traffic_squad',
    name: t('唐山市公安局交警支队路北大队一中队', 'First Traffic Squad, Lubei Brigade, Tangshan'),
    windows: [t('事故处理窗口', 'Accident handling window')],
  },
];
