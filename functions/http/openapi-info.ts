/** What the OpenAPI documents say besides the routes' own schemas (no generator imported here). */

/** Error responses shared by every route, described once. */
export const errorResponses = {
  400: { description: '请求无效（字段与原因见 details）Invalid request; see details' },
  401: { description: '未登录或令牌无效 Missing or invalid token' },
  403: { description: '无权执行此操作 Not allowed' },
  404: { description: '不存在或不在您的管理范围内 Not found or outside your scope' },
  409: { description: '状态冲突 Conflict' },
  413: { description: '请求体过大 Body too large' },
  503: { description: '服务繁忙，请按 Retry-After 重试 Busy; retry after Retry-After' },
} as const;

/** Title and description of each API's document. */
export const PUBLIC_API_INFO = {
  title: '开门评警 公众接口 Public API',
  description: '市民扫码评价 Citizen QR survey API',
} as const;

export const CONSOLE_API_INFO = {
  title: '开门评警 工作人员接口 Console API',
  description: '组织、问卷、二维码、评价、统计与审计 Staff console API',
} as const;
