"""Small real PDF and Word files for the demo (and tests), made in memory with ReportLab and
python-docx so their text can be extracted and searched."""

import io

GUIDES = {
    "python": (
        "Guía rápida de Python",
        [
            "Entornos virtuales con venv y dependencias fijadas en requirements.txt.",
            "Comprensiones de listas, generadores y el módulo itertools.",
            "Tipado gradual con anotaciones y comprobación con mypy.",
            "Pruebas con pytest: fixtures, parametrización y cobertura.",
        ],
    ),
    "django": (
        "Chuleta de Django",
        [
            "Modelos, migraciones y el ORM: select_related y prefetch_related evitan consultas N+1.",
            "Vistas basadas en clases, formularios y validación.",
            "Señales, tareas en segundo plano y transacciones con on_commit.",
            "Despliegue con gunicorn, WhiteNoise y variables de entorno.",
        ],
    ),
    "bases-de-datos": (
        "Manual de PostgreSQL para desarrolladores",
        [
            "Índices B-tree, GIN y BRIN: cuándo usar cada uno.",
            "Leer un plan con EXPLAIN ANALYZE y detectar un Seq Scan costoso.",
            "Aislamiento de transacciones, bloqueos y SELECT FOR UPDATE.",
            "Copias de seguridad con pg_dump y restauración verificada.",
        ],
    ),
    "redes": (
        "Fundamentos de redes TCP/IP",
        [
            "Modelo OSI frente a TCP/IP y encapsulación.",
            "Direccionamiento IPv4 e IPv6, subredes y máscaras CIDR.",
            "DNS, DHCP y diagnóstico con ping, traceroute y dig.",
            "Cortafuegos, NAT y segmentación con VLAN.",
        ],
    ),
    "seguridad": (
        "Lista de comprobación de seguridad web",
        [
            "OWASP Top 10: inyección, control de acceso roto y configuración insegura.",
            "Cabeceras HTTP: Content-Security-Policy, HSTS y X-Content-Type-Options.",
            "Gestión de secretos y rotación de credenciales.",
            "Autenticación multifactor y contraseñas con Argon2.",
        ],
    ),
    "devops": (
        "Introducción a DevOps y contenedores",
        [
            "Integración continua: cada cambio se prueba automáticamente.",
            "Imágenes Docker pequeñas con construcciones multietapa.",
            "docker compose para entornos locales reproducibles.",
            "Observabilidad: registros, métricas y trazas distribuidas.",
        ],
    ),
    "ia": (
        "Aprendizaje automático en la práctica",
        [
            "Preparación de datos con pandas y separación entrenamiento/prueba.",
            "Regresión logística y árboles de decisión con scikit-learn.",
            "Métricas: precisión, exhaustividad y matriz de confusión.",
            "Sesgos en los datos y evaluación responsable de modelos.",
        ],
    ),
    "javascript": (
        "JavaScript moderno en el navegador",
        [
            "Módulos ES, import dinámico y carga diferida.",
            "Promesas, async/await y gestión de errores.",
            "Mejora progresiva: la página funciona sin JavaScript.",
            "Accesibilidad de componentes interactivos con ARIA.",
        ],
    ),
}


def make_pdf(title, points, *, pages=1):
    """A small PDF whose text (title, points) can be extracted by pypdf."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor("Lumino")
    for number in range(pages):
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(60, 780, title if number == 0 else f"{title} ({number + 1})")
        pdf.setFont("Helvetica", 11)
        y = 740
        for point in points:
            pdf.drawString(60, y, f"- {point}")
            y -= 22
        pdf.drawString(60, 80, f"Lumino · Biblioteca técnica · página {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_docx(title, points):
    """A small Word document with a heading, paragraphs and a table."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for point in points:
        document.add_paragraph(point)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Tema", "Duración"
    table.cell(1, 0).text, table.cell(1, 1).text = title, "2 horas"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
