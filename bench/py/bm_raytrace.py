"""A ray tracer, written for objheap's suite.

Spheres and a checkered floor lit by two point lights, with shadows,
Phong highlights and mirror reflections to a fixed depth, rendered into
an N x N image through a pinhole camera.  Vectors are small immutable
objects with operator methods, so the benchmark measures the creation
of short-lived instances, special-method dispatch and float arithmetic.

Usage: bm_raytrace.py [N]   image width and height (default 250).
Prints a checksum of the image's 8-bit RGB values.
"""
import math
import sys

EPSILON = 1e-6
FAR = 1e30


class Vec:
    __slots__ = ("x", "y", "z")

    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y, self.z + o.z)

    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y, self.z - o.z)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k, self.z * k)

    __rmul__ = __mul__

    def __neg__(self):
        return Vec(-self.x, -self.y, -self.z)

    def dot(self, o):
        return self.x * o.x + self.y * o.y + self.z * o.z

    def cross(self, o):
        return Vec(self.y * o.z - self.z * o.y,
                   self.z * o.x - self.x * o.z,
                   self.x * o.y - self.y * o.x)

    def length(self):
        return math.sqrt(self.dot(self))

    def unit(self):
        return self * (1.0 / self.length())

    def mix(self, o):
        """Component-wise product (colours)."""
        return Vec(self.x * o.x, self.y * o.y, self.z * o.z)


BLACK = Vec(0.0, 0.0, 0.0)
WHITE = Vec(1.0, 1.0, 1.0)


class Ray:
    __slots__ = ("origin", "dir")

    def __init__(self, origin, direction):
        self.origin = origin
        self.dir = direction

    def at(self, t):
        return self.origin + self.dir * t


class Material:
    def __init__(self, color, diffuse, specular, shininess, reflect):
        self.color = color
        self.diffuse = diffuse
        self.specular = specular
        self.shininess = shininess
        self.reflect = reflect

    def color_at(self, point):
        return self.color


class Checker(Material):
    def __init__(self, a, b, size, **kw):
        Material.__init__(self, a, **kw)
        self.other = b
        self.size = size

    def color_at(self, point):
        ix = math.floor(point.x / self.size)
        iz = math.floor(point.z / self.size)
        return self.color if (ix + iz) % 2 == 0 else self.other


class Sphere:
    def __init__(self, center, radius, material):
        self.center = center
        self.radius = radius
        self.material = material

    def hit(self, ray):
        oc = ray.origin - self.center
        b = oc.dot(ray.dir)
        c = oc.dot(oc) - self.radius * self.radius
        disc = b * b - c
        if disc < 0.0:
            return FAR
        root = math.sqrt(disc)
        t = -b - root
        if t > EPSILON:
            return t
        t = -b + root
        return t if t > EPSILON else FAR

    def normal(self, point):
        return (point - self.center).unit()


class Plane:
    def __init__(self, point, normal, material):
        self.point = point
        self.n = normal.unit()
        self.material = material

    def hit(self, ray):
        denom = self.n.dot(ray.dir)
        if abs(denom) < EPSILON:
            return FAR
        t = (self.point - ray.origin).dot(self.n) / denom
        return t if t > EPSILON else FAR

    def normal(self, point):
        return self.n


class Scene:
    def __init__(self):
        shiny = dict(diffuse=0.7, specular=0.5, shininess=40, reflect=0.3)
        self.objects = [
            Sphere(Vec(0.0, 1.0, 5.0), 1.0,
                   Material(Vec(0.9, 0.2, 0.2), **shiny)),
            Sphere(Vec(-2.2, 0.7, 6.5), 0.7,
                   Material(Vec(0.2, 0.8, 0.3), **shiny)),
            Sphere(Vec(2.0, 1.5, 7.0), 1.5,
                   Material(Vec(0.8, 0.8, 0.9), diffuse=0.3, specular=0.9,
                            shininess=120, reflect=0.7)),
            Plane(Vec(0.0, 0.0, 0.0), Vec(0.0, 1.0, 0.0),
                  Checker(Vec(0.9, 0.9, 0.9), Vec(0.1, 0.1, 0.1), 1.0,
                          diffuse=0.8, specular=0.1, shininess=10,
                          reflect=0.2)),
        ]
        self.lights = [(Vec(-5.0, 8.0, -2.0), Vec(0.8, 0.8, 0.8)),
                       (Vec(6.0, 5.0, 1.0), Vec(0.4, 0.4, 0.5))]
        self.ambient = Vec(0.08, 0.08, 0.1)
        self.sky = Vec(0.4, 0.6, 0.9)

    def nearest(self, ray):
        best, best_t = None, FAR
        for obj in self.objects:
            t = obj.hit(ray)
            if t < best_t:
                best, best_t = obj, t
        return best, best_t

    def shadowed(self, point, to_light, dist):
        ray = Ray(point, to_light)
        for obj in self.objects:
            if obj.hit(ray) < dist:
                return True
        return False

    def trace(self, ray, depth):
        obj, t = self.nearest(ray)
        if obj is None:
            return self.sky * (0.5 + 0.5 * ray.dir.y)
        point = ray.at(t)
        n = obj.normal(point)
        m = obj.material
        base = m.color_at(point)
        color = base.mix(self.ambient)
        for pos, light in self.lights:
            d = pos - point
            dist = d.length()
            d = d * (1.0 / dist)
            lambert = n.dot(d)
            if lambert <= 0.0 or self.shadowed(point, d, dist):
                continue
            color = color + base.mix(light) * (m.diffuse * lambert)
            half = (d - ray.dir).unit()
            spec = n.dot(half)
            if spec > 0.0:
                color = color + light * (m.specular * spec ** m.shininess)
        if depth > 0 and m.reflect > 0.0:
            r = ray.dir - n * (2.0 * ray.dir.dot(n))
            color = color + self.trace(Ray(point, r), depth - 1) * m.reflect
        return color


def to_byte(v):
    v = int(v * 255.0 + 0.5)
    return 0 if v < 0 else 255 if v > 255 else v


def render(scene, n):
    eye = Vec(0.0, 1.5, -1.0)
    forward = (Vec(0.0, 1.0, 5.0) - eye).unit()
    right = Vec(0.0, 1.0, 0.0).cross(forward).unit()
    up = forward.cross(right)
    rows = []
    for j in range(n):
        row = []
        y = 1.0 - 2.0 * (j + 0.5) / n
        for i in range(n):
            x = 2.0 * (i + 0.5) / n - 1.0
            d = (forward + right * (x * 0.6) + up * (y * 0.6)).unit()
            c = scene.trace(Ray(eye, d), 3)
            row.append((to_byte(c.x), to_byte(c.y), to_byte(c.z)))
        rows.append(row)
    return rows


def main(n):
    rows = render(Scene(), n)
    total = 0
    for j, row in enumerate(rows):
        for i, (r, g, b) in enumerate(row):
            total = (total * 7 + r * 65536 + g * 256 + b + i + j) % 2147483647
    print("raytrace", n, total, rows[n // 2][n // 2])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 250)
