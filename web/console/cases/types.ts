/** Shapes the case and visit routes return, from the server's app (see ../api-types.ts). */
export type {
  CaseMetricsView,
  CasePageData,
  CaseRow,
  CaseTimelineEvent,
  CreatedVisit,
  VisitQrView,
  VisitReportView,
  VisitRow,
} from '../api-types';
