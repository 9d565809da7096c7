//! The OpenAPI 3.1 document of the JSON API, written by hand (the API is
//! small; a test checks every `/api` route appears here).

use axum::Json;
use serde_json::{Value, json};

fn err() -> Value {
    json!({ "description": "错误", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

fn ok(schema: Value) -> Value {
    json!({ "description": "成功", "content": { "application/json": { "schema": schema } } })
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn arr(name: &str) -> Value {
    json!({ "type": "array", "items": r(name) })
}

fn body(name: &str) -> Value {
    json!({ "required": true, "content": { "application/json": { "schema": r(name) } } })
}

fn id_param() -> Value {
    json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }])
}

fn std_errors(mut responses: Value) -> Value {
    for code in ["400", "401", "403", "404"] {
        responses[code] = err();
    }
    responses
}

/// The document.
pub fn document() -> Value {
    let s = |t: &str| json!({ "type": t });
    let kinds = json!({ "type": "string", "enum": ["government", "department", "township", "other"] });
    let roles = json!({ "type": "string", "enum": ["system_admin", "agency_admin", "editor", "reviewer", "handler", "approver", "supervisor"] });
    let q = |name: &str, desc: &str| json!({ "name": name, "in": "query", "required": false, "description": desc, "schema": { "type": "string" } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xxgk 政府信息公开平台 API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "机关、用户、审计日志和政府信息公开工作年度报告的 JSON 接口。认证：在后台“API 令牌”页面生成令牌，请求头 Authorization: Bearer <令牌>。权限与后台相同。"
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": s("string") } },
                "Office": { "type": "object", "description": "政府信息公开工作机构（条例第二十条第二项）", "properties": {
                    "functions": s("string"), "address": s("string"), "hours": s("string"), "phone": s("string"), "head": s("string") } },
                "Agency": { "type": "object", "required": ["id", "name", "kind", "office"], "properties": {
                    "id": s("integer"), "parent_id": { "type": ["integer", "null"] }, "name": s("string"), "kind": kinds, "office": r("Office") } },
                "AgencyInput": { "type": "object", "required": ["name", "kind"], "properties": {
                    "parent_id": { "type": ["integer", "null"] }, "name": s("string"), "kind": kinds, "office": r("Office") } },
                "User": { "type": "object", "required": ["id", "username", "agency_id", "role", "disabled"], "properties": {
                    "id": s("integer"), "username": s("string"), "display_name": s("string"), "agency_id": s("integer"), "role": roles, "disabled": s("boolean") } },
                "UserInput": { "type": "object", "required": ["username", "agency_id", "role", "password"], "properties": {
                    "username": s("string"), "display_name": s("string"), "agency_id": s("integer"), "role": roles,
                    "password": { "type": "string", "minLength": 12 } } },
                "UserPatch": { "type": "object", "properties": { "role": roles, "agency_id": s("integer"), "disabled": s("boolean") } },
                "AuditRecord": { "type": "object", "properties": {
                    "id": s("integer"), "at_ms": s("integer"), "at": s("string"), "actor_user_id": { "type": ["integer", "null"] },
                    "actor": s("string"), "agency_id": { "type": ["integer", "null"] }, "action": s("string"), "target": s("string"),
                    "before": {}, "after": {}, "prev_hash": s("string"), "hash": s("string") } },
                "ReportVersion": { "type": "object", "description": "年度报告的一个版本", "properties": {
                    "id": s("integer"), "agency_id": s("integer"), "year": s("integer"), "version": s("integer"),
                    "state": { "type": "string", "enum": ["draft", "submitted", "approved", "published", "superseded"] },
                    "source_name": s("string"), "created_on": s("string"), "submitted_on": { "type": ["string", "null"] },
                    "approved_on": { "type": ["string", "null"] }, "published_on": { "type": ["string", "null"] },
                    "superseded_on": { "type": ["string", "null"] } } },
                "Finding": { "type": "object", "properties": {
                    "code": { "type": "string", "description": "检查编号，如 H-1" },
                    "severity": { "type": "string", "enum": ["error", "warning"] },
                    "path": { "type": "string", "description": "JSON 路径，如 table3.granted[6]" }, "message": s("string") } },
                "ReportDetail": { "allOf": [r("ReportVersion"), { "type": "object", "properties": {
                    "report": { "type": "object", "description": "report-json.md 规定的规范 JSON" },
                    "findings": arr("Finding") } }] },
                "DashboardRow": { "type": "object", "properties": {
                    "agency_id": s("integer"), "agency": s("string"), "kind": s("string"),
                    "status": { "type": "string", "enum": ["none", "draft", "submitted", "approved", "published"] },
                    "status_label": s("string"), "deadline": s("string"), "first_published": { "type": ["string", "null"] },
                    "timeliness": s("string"), "late": s("boolean"), "errors": s("integer"), "warnings": s("integer"),
                    "carry_over": { "type": "string", "enum": ["ok", "broken", "no_previous", "none"] },
                    "carry_over_label": s("string"), "version_id": { "type": ["integer", "null"] } } },
                "BatchFile": { "type": "object", "description": "批量导入中的一个文件", "properties": {
                    "id": s("integer"), "batch_id": s("integer"), "position": s("integer"), "name": s("string"),
                    "state": { "type": "string", "enum": ["queued", "working", "filed", "confirm", "failed", "dismissed"],
                        "description": "排队中、读取中、已归档、待确认机关、未导入、已放弃" },
                    "printed_agency": s("string"), "year": { "type": ["integer", "null"] },
                    "errors": s("integer"), "warnings": s("integer"), "problem": s("string"),
                    "candidates": { "type": "array", "items": { "type": "object", "properties": { "id": s("integer"), "name": s("string") } } },
                    "agency_id": { "type": ["integer", "null"] }, "version_id": { "type": ["integer", "null"] },
                    "updated_at_ms": s("integer") } },
                "Batch": { "type": "object", "description": "批量导入：文件在后台逐个读取，finished 为 true 时全部读完", "properties": {
                    "id": s("integer"), "created_on": s("string"), "finished": s("boolean"), "total": s("integer"),
                    "done": s("integer"), "filed": s("integer"), "waiting": s("integer"), "failed": s("integer"),
                    "files": arr("BatchFile") } },
                "BatchConfirm": { "type": "object", "required": ["agency_id"], "properties": { "agency_id": s("integer") } }
            }
        },
        "security": [{ "bearer": [] }],
        "paths": {
            "/api/openapi.json": { "get": { "summary": "本文档", "security": [], "responses": { "200": ok(json!({ "type": "object" })) } } },
            "/api/me": { "get": { "summary": "当前令牌对应的用户", "responses": std_errors(json!({ "200": ok(r("User")) })) } },
            "/api/agencies": {
                "get": { "summary": "全部机关", "responses": std_errors(json!({ "200": ok(arr("Agency")) })) },
                "post": { "summary": "新建机关", "requestBody": body("AgencyInput"), "responses": std_errors(json!({ "201": ok(r("Agency")) })) }
            },
            "/api/agencies/{id}": {
                "get": { "summary": "机关详情", "parameters": id_param(), "responses": std_errors(json!({ "200": ok(r("Agency")) })) },
                "put": { "summary": "修改机关", "parameters": id_param(), "requestBody": body("AgencyInput"), "responses": std_errors(json!({ "200": ok(r("Agency")) })) }
            },
            "/api/users": {
                "get": { "summary": "有权查看的用户", "responses": std_errors(json!({ "200": ok(arr("User")) })) },
                "post": { "summary": "新建用户", "requestBody": body("UserInput"), "responses": std_errors(json!({ "201": ok(r("User")), "409": err() })) }
            },
            "/api/users/{id}": {
                "get": { "summary": "用户详情", "parameters": id_param(), "responses": std_errors(json!({ "200": ok(r("User")) })) },
                "patch": { "summary": "变更角色、机关或停用", "parameters": id_param(), "requestBody": body("UserPatch"), "responses": std_errors(json!({ "200": ok(r("User")) })) }
            },
            "/api/audit": { "get": {
                "summary": "审计日志（新的在前）",
                "parameters": [q("agency", "机关 id"), q("actor", "操作人用户名"), q("action", "操作类型，如 agency.create"),
                               q("from", "起始日期 YYYY-MM-DD（含）"), q("to", "截止日期 YYYY-MM-DD（含）"),
                               { "name": "before", "in": "query", "schema": { "type": "integer" }, "description": "只返回序号小于此值的记录" },
                               { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 1000 } }],
                "responses": std_errors(json!({ "200": ok(arr("AuditRecord")) })) } },
            "/api/reports": { "get": {
                "summary": "有权查看的年度报告版本",
                "parameters": [q("agency", "机关 id"), q("year", "年度")],
                "responses": std_errors(json!({ "200": ok(json!({ "type": "object", "properties": { "reports": arr("ReportVersion") } })) })) } },
            "/api/reports/{id}": { "get": {
                "summary": "一个版本：规范 JSON 与核对结果（跨年度核对使用上一年度报告）", "parameters": id_param(),
                "responses": std_errors(json!({ "200": ok(r("ReportDetail")) })) } },
            "/api/reports/{id}/actions/{action}": { "post": {
                "summary": "工作流操作：submit 提交审核、return 退回、approve 审核通过、publish 发布、correct 更正（新版本）",
                "parameters": [id_param()[0].clone(), { "name": "action", "in": "path", "required": true,
                    "schema": { "type": "string", "enum": ["submit", "return", "approve", "publish", "correct"] } }],
                "responses": std_errors(json!({ "200": ok(r("ReportVersion")), "409": err() })) } },
            "/api/agencies/{id}/reports": { "post": {
                "summary": "上传年度报告文件（请求体为文件本身：文本、Markdown、HTML、DOCX、PDF），存为草稿",
                "parameters": [id_param()[0].clone(), q("name", "文件名（用于判断格式）")],
                "requestBody": { "required": true, "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } },
                "responses": std_errors(json!({ "201": ok(r("ReportDetail")), "409": err() })) } },
            "/api/batches": { "post": {
                "summary": "批量导入（监督、机关管理员）：请求体为一个报告文件或 .zip，文件在后台读取；返回 202 和批次，轮询 Location 查看进度",
                "parameters": [q("name", "文件名（.zip 会被解压）")],
                "requestBody": { "required": true, "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } },
                "responses": std_errors(json!({ "202": ok(r("Batch")) })) } },
            "/api/batches/{id}": { "get": {
                "summary": "批量导入的进度与每个文件的结果", "parameters": id_param(),
                "responses": std_errors(json!({ "200": ok(r("Batch")) })) } },
            "/api/batches/{id}/files/{file}/confirm": { "post": {
                "summary": "把待确认机关的文件归档到指定机关（存为草稿）",
                "parameters": [id_param()[0].clone(), { "name": "file", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "requestBody": body("BatchConfirm"),
                "responses": std_errors(json!({ "200": ok(r("Batch")), "409": err() })) } },
            "/api/batches/{id}/files/{file}/dismiss": { "post": {
                "summary": "不导入待确认机关的文件",
                "parameters": [id_param()[0].clone(), { "name": "file", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "responses": std_errors(json!({ "200": ok(r("Batch")), "409": err() })) } },
            "/api/dashboard": { "get": {
                "summary": "监督看板：本辖区各机关某年度报告的状态、及时性、错误与提示、跨年度衔接",
                "parameters": [q("year", "年度（默认上一年）")],
                "responses": std_errors(json!({ "200": ok(json!({ "type": "object", "properties": {
                    "year": s("integer"), "agencies": arr("DashboardRow"), "rollup": { "type": "object" }, "trend": { "type": "array" } } })) })) } }
        }
    })
}

pub async fn openapi() -> Json<Value> {
    Json(document())
}
